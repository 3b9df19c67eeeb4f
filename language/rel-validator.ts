import type { ValidationChecks } from 'langium';
import type { RelAstType } from './generated/ast.js';
import type { RelServices } from './rel-module.js';

export function registerValidationChecks(services: RelServices) {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.RelValidator;
    const checks: ValidationChecks<RelAstType> = {};
    registry.register(checks, validator);
}

export class RelValidator {
}
