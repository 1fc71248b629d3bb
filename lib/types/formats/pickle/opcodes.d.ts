/**
 * Pickle opcode bytes, protocols 0–5, as CPython's Lib/pickle.py names them. Kept as plain numeric
 * constants so the machine's switch compiles to a jump table.
 */
export declare const Op: {
    readonly MARK: 40;
    readonly STOP: 46;
    readonly POP: 48;
    readonly POP_MARK: 49;
    readonly DUP: 50;
    readonly FLOAT: 70;
    readonly INT: 73;
    readonly BININT: 74;
    readonly BININT1: 75;
    readonly LONG: 76;
    readonly BININT2: 77;
    readonly NONE: 78;
    readonly PERSID: 80;
    readonly BINPERSID: 81;
    readonly REDUCE: 82;
    readonly STRING: 83;
    readonly BINSTRING: 84;
    readonly SHORT_BINSTRING: 85;
    readonly UNICODE: 86;
    readonly BINUNICODE: 88;
    readonly APPEND: 97;
    readonly BUILD: 98;
    readonly GLOBAL: 99;
    readonly DICT: 100;
    readonly EMPTY_DICT: 125;
    readonly APPENDS: 101;
    readonly GET: 103;
    readonly BINGET: 104;
    readonly INST: 105;
    readonly LONG_BINGET: 106;
    readonly LIST: 108;
    readonly EMPTY_LIST: 93;
    readonly OBJ: 111;
    readonly PUT: 112;
    readonly BINPUT: 113;
    readonly LONG_BINPUT: 114;
    readonly SETITEM: 115;
    readonly TUPLE: 116;
    readonly EMPTY_TUPLE: 41;
    readonly SETITEMS: 117;
    readonly BINFLOAT: 71;
    readonly PROTO: 128;
    readonly NEWOBJ: 129;
    readonly EXT1: 130;
    readonly EXT2: 131;
    readonly EXT4: 132;
    readonly TUPLE1: 133;
    readonly TUPLE2: 134;
    readonly TUPLE3: 135;
    readonly NEWTRUE: 136;
    readonly NEWFALSE: 137;
    readonly LONG1: 138;
    readonly LONG4: 139;
    readonly BINBYTES: 66;
    readonly SHORT_BINBYTES: 67;
    readonly SHORT_BINUNICODE: 140;
    readonly BINUNICODE8: 141;
    readonly BINBYTES8: 142;
    readonly EMPTY_SET: 143;
    readonly ADDITEMS: 144;
    readonly FROZENSET: 145;
    readonly NEWOBJ_EX: 146;
    readonly STACK_GLOBAL: 147;
    readonly MEMOIZE: 148;
    readonly FRAME: 149;
    readonly BYTEARRAY8: 150;
    readonly NEXT_BUFFER: 151;
    readonly READONLY_BUFFER: 152;
};
export type OpName = keyof typeof Op;
/** The highest protocol this machine understands (CPython's pickle.HIGHEST_PROTOCOL). */
export declare const HIGHEST_PROTOCOL = 5;
/** `0x52 REDUCE`, or `0x0a` for a byte that is no opcode — for error messages. */
export declare function describeOpcode(code: number): string;
/** The opcode's name, or undefined for a byte that is no opcode. */
export declare function opName(code: number): OpName | undefined;
export declare function isOpcode(code: number): boolean;
