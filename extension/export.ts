/** Results as files: the JSON as the server gave it, or CSV with one `figure,value` row per number or word. */

function csvField(value: string): string {
    return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function flatten(value: unknown, path: string, rows: Array<[string, string]>): void {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
        const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
        for (const [key, item] of entries) flatten(item, path ? `${path}.${key}` : key, rows);
        return;
    }
    rows.push([path, String(value)]);
}

/** `figure,value` rows with dotted paths (`systems.Datacenter.reliability,0.9984`), numbers at full precision. */
export function toCsv(results: unknown): string {
    const rows: Array<[string, string]> = [];
    flatten(results, '', rows);
    return ['figure,value', ...rows.map(([figure, value]) => `${csvField(figure)},${csvField(value)}`)].join('\n') + '\n';
}

export function toJson(results: unknown): string {
    return JSON.stringify(results, null, 2) + '\n';
}
