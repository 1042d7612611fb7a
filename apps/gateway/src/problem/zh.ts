import type { ErrorCode, FieldError } from '@app/contracts';
import Negotiator from 'negotiator';

const LANGUAGES = ['en', 'zh', 'zh-CN'];

/** True when the request's Accept-Language prefers Chinese to English (the dashboard sends zh); English without one. */
export function prefersChinese(req: { headers: Negotiator.Headers }): boolean {
  if (req.headers['accept-language'] === undefined) return false;
  const best = new Negotiator(req).languages(LANGUAGES)[0];
  return best !== undefined && best.toLowerCase().startsWith('zh');
}

const TITLES: Record<number, string> = {
  400: '请求无效',
  401: '未认证',
  403: '无权操作',
  404: '未找到',
  405: '方法不允许',
  409: '状态冲突',
  413: '内容过大',
  415: '不支持的媒体类型',
  422: '无法处理',
  429: '请求过多',
  500: '内部错误',
  503: '服务暂不可用',
};

/** Chinese details by code; codes not listed get the sentence of their status and the English detail after it. */
const DETAILS: Partial<Record<ErrorCode, (errors: FieldError[]) => string>> = {
  VALIDATION_FAILED: () => '请求未通过校验，见 errors 中各字段',
  UNAUTHENTICATED: () => '需要有效的登录令牌或 API 密钥',
  FORBIDDEN: () => '当前角色或范围无权执行此操作',
  NOT_FOUND: () => '未找到该资源',
  RATE_LIMITED: () => '请求过于频繁，请按 Retry-After 等待后重试',
  SERVICE_UNAVAILABLE: () => '服务暂不可用或未在时限内答复，请按 Retry-After 稍后重试',
  PAYLOAD_TOO_LARGE: () => '请求体超过此接口允许的大小',
  UNSUPPORTED_MEDIA_TYPE: () => '不支持此 Content-Type',
  MALFORMED_BODY: () => '请求体无法解析',
  SHEET_TOO_LARGE: (errors) => `表格超过上限：${errors.map((e) => `${e.field} 至多 ${e.message.replace(/^at most /, '')}`).join('；')}`,
  TOO_MANY_ROWS: (errors) => `表格数据行过多（上限 ${errors[0]?.message.replace(/^at most /, '') ?? ''} 行），请拆分为多个文件`,
  BAD_SHEET: () => '表格无法读取：需为 CSV 或 XLSX，第 1 行为表头',
  UNKNOWN_COLUMN: () => '表头含有无法识别的列',
};

/** class-validator's and the platform's messages, as patterns on one (bounded) message. */
const MESSAGES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^property (\S+) should not exist$/, (m) => `不允许的字段 ${m[1]}`],
  [/^(\S+) should not be empty$/, (m) => `${m[1]} 不能为空`],
  [/^(\S+) must be a string$/, (m) => `${m[1]} 必须是字符串`],
  [/^(\S+) must be an integer number$/, (m) => `${m[1]} 必须是整数`],
  [/^(\S+) must be a number conforming to the specified constraints$/, (m) => `${m[1]} 必须是数字`],
  [/^(\S+) must be a boolean value$/, (m) => `${m[1]} 必须是布尔值`],
  [/^(\S+) must be an array$/, (m) => `${m[1]} 必须是数组`],
  [/^(\S+) must be a UUID$/, (m) => `${m[1]} 必须是 UUID`],
  [/^(\S+) must not be less than (\S+)$/, (m) => `${m[1]} 不得小于 ${m[2]}`],
  [/^(\S+) must not be greater than (\S+)$/, (m) => `${m[1]} 不得大于 ${m[2]}`],
  [/^(\S+) must be shorter than or equal to (\d+) characters$/, (m) => `${m[1]} 不得超过 ${m[2]} 个字符`],
  [/^(\S+) must be longer than or equal to (\d+) characters$/, (m) => `${m[1]} 至少 ${m[2]} 个字符`],
  [/^(\S+) must be one of the following values: (.{0,500})$/, (m) => `${m[1]} 必须是以下值之一：${m[2]}`],
  [/^(\S+) must match (.{0,200}) regular expression$/, (m) => `${m[1]} 格式不符合 ${m[2]}`],
  [/^(\S+) must be a date YYYY-MM-DD$/, (m) => `${m[1]} 必须是日期 YYYY-MM-DD`],
  [/^(\S+) must contain no more than (\d+) elements$/, (m) => `${m[1]} 至多 ${m[2]} 项`],
  [/^(\S+) must contain at least (\d+) elements$/, (m) => `${m[1]} 至少 ${m[2]} 项`],
  [/^nested property (\S+) must be either object or array$/, (m) => `${m[1]} 必须是对象或数组`],
  [/^at most (\d+)$/, (m) => `至多 ${m[1]}`],
];

function chineseMessage(message: string): string {
  if (message.length > 1000) return message;
  for (const [pattern, render] of MESSAGES) {
    const m = pattern.exec(message);
    if (m) return render(m);
  }
  return message;
}

/** The title, detail and field messages of a problem in Chinese; status, code and fields stay as they are. */
export function inChinese<P extends { status: number; code: ErrorCode; detail: string; errors?: FieldError[] }>(problem: P): P & { title: string } {
  const errors = problem.errors ?? [];
  const detail = DETAILS[problem.code]?.(errors) ?? `${TITLES[problem.status] ?? '错误'}：${problem.detail}`;
  return {
    ...problem,
    title: TITLES[problem.status] ?? '错误',
    detail,
    ...(problem.errors ? { errors: problem.errors.map((e) => ({ field: e.field, message: chineseMessage(e.message) })) } : {}),
  };
}
