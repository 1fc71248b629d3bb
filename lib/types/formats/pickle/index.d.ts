export type { PyValue, PyFloat, PyBytes, PyTuple, PyList, PyDict, PySet, PyGlobal, PyObject, PyPersistent, PyExtension, PyTensor } from './values.js';
export { isGlobal, isPyDict, isPyObject } from './values.js';
export { readPickle, type GlobalUse, type PickleAnomaly, type PickleOptions, type PickleResult } from './machine.js';
export { scanPickleStream, scanFindings, scanGlobalNames, type NestedPickle, type PickleScan, type ScanOptions } from './scan.js';
export { classifyGlobal, explainGlobal, globalPath, pickleFindings, safetyReport, worstVerdict, type GlobalFinding, type SafetyReport, type Verdict, } from './safety.js';
export { Op, describeOpcode, type OpName } from './opcodes.js';
export { SubSource } from './sub-source.js';
