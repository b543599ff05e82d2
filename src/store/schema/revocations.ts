/** Revocations of leader titles and their rescissions (owned by `leader revoke`): append-only. */
export const revocationsDdl = `
`;
