/** Messages of `leader rank` and `leader explain`. Keep zh and en in step: a missing key is a type error. */
export const zh = {
  E_RUN_NOT_FOUND: '找不到排行榜运行记录 {id}：用 `leader rank list` 查看。',
};

export const en: Record<keyof typeof zh, string> = {
  E_RUN_NOT_FOUND: 'No ranking run {id}: `leader rank list` shows the runs.',
};
