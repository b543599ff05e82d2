/** Messages of the export area. Keep zh and en in step: a missing key is a type error. */
export const zh = {
};

export const en: Record<keyof typeof zh, string> = {
};
