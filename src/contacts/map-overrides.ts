// --map and --mapping-file are read and checked in config/ with the other flags; header-map.ts re-exports these.
export { loadMappingFile, parseMapFlags } from '../config/column-map.js';
