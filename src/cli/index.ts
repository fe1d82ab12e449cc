export { doctorCommand } from './doctor.js';
export { exportCommand } from './export.js';
export { importCommand } from './import.js';
export { sandboxCommand } from './sandbox.js';
export { templateCommand } from './template.js';
export { validateCommand } from './validate.js';
export { verifyCommand } from './verify.js';
