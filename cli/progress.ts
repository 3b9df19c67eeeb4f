/** A one-line progress bar on a terminal stream, redrawn in place. */
export class ProgressBar {
    private lastDrawn = -1;

    constructor(private readonly stream: NodeJS.WriteStream, private readonly width = 30) {}

    update(label: string, fraction: number): void {
        const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
        if (percent === this.lastDrawn) return;
        this.lastDrawn = percent;
        const filled = Math.round((percent / 100) * this.width);
        this.stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${String(percent).padStart(3)}%`);
    }

    done(): void {
        if (this.lastDrawn >= 0) this.stream.write('\r\x1b[K');
        this.lastDrawn = -1;
    }
}
