import type { HeaderReader } from './http-exchange.js';
/**
 * Reads what an answer's rate-limit headers say about the quota, in the three forms servers send: the current IETF
 * draft (`RateLimit-Policy: "default";q=100;w=60` with `RateLimit: "default";r=50;t=30`), the older drafts
 * (`RateLimit-Limit`/`-Remaining`/`-Reset`, or `RateLimit: limit=100, remaining=50, reset=30` with
 * `RateLimit-Policy: 100;w=60`), and the de-facto `X-RateLimit-*`. The first form with a usable field wins whole:
 * fields of different forms may count different quotas, so they are never mixed. Pure, and total on any input.
 */
import { numberOf, parseDictionary, parseList, type BareItem, type Item } from './structured-fields.js';

/** What an answer's rate-limit headers say about the client's quota; every field optional. */
export interface RateLimitHint {
  /** Requests the policy allows per window (quota), when stated. */
  limit?: number;
  /** The policy's window in ms, when stated. */
  windowMs?: number;
  /** Requests left before the quota is restored. */
  remaining?: number;
  /** Ms from now until the quota is restored (the window resets). */
  resetMs?: number;
}

/** A hint before its numbers are checked: a form's reader leaves undefined what it did not find. */
interface RawHint {
  limit: number | undefined;
  windowMs: number | undefined;
  remaining: number | undefined;
  resetMs: number | undefined;
}

/** A quota policy as a form states it: `q` requests per `w` seconds (w optional). */
interface Policy {
  name: string | number;
  quota: number | undefined;
  windowS: number | undefined;
}

/** Resets this large are moments, not delays (as GitHub sends them): epoch seconds from 1e9 (2001), epoch ms from 1e12. */
const EPOCH_SECONDS = 1e9;
const EPOCH_MS = 1e12;
/** A plain header number: digits (at most 15, as RFC 8941 integers), an optional fraction. */
const PLAIN_NUMBER = /^\d{1,15}(?:\.\d{1,9})?$/;

/** The hint in `headers`, or undefined when they carry none that is usable. Never throws, on any input. */
export function readRateLimitHeaders(headers: HeaderReader, now: number = Date.now()): RateLimitHint | undefined {
  try {
    // Read on every answer: most APIs send none of these, and one pass over the names says so.
    if (!mentionsRateLimit(headers)) return undefined;
    for (const read of [currentDraft, olderDrafts, xHeaders]) {
      const hint = usable(read(headers, now));
      if (hint !== undefined) return hint;
    }
    return undefined;
  } catch {
    // Headers come from any server and, from plain JavaScript, may not even be a Headers: a hint is optional, never fatal.
    return undefined;
  }
}

function mentionsRateLimit(headers: HeaderReader): boolean {
  for (const name of headers.keys()) if (name.includes('ratelimit')) return true;
  return false;
}

/** Requests a second the hint allows over a whole window (limit / window), or undefined when it does not say. */
export function policyRate(hint: RateLimitHint): number | undefined {
  const { limit, windowMs } = hint;
  if (!positive(limit) || !positive(windowMs)) return undefined;
  const rate = limit / (windowMs / 1000);
  return Number.isFinite(rate) ? rate : undefined;
}

/** `RateLimit-Policy: "a";q=..;w=..` and `RateLimit: "a";r=..;t=..`: the strictest policy, and the limit of its name. */
function currentDraft(headers: HeaderReader): RawHint {
  const items = (field: string): Item[] => (parseList(headers.get(field) ?? '') ?? []).filter((item) => isName(item.value));
  const policies = items('ratelimit-policy').map((item) => policy(item.value.value as string, numberOf(item.params.get('q')), item));
  const limits = items('ratelimit');
  const chosen = strictest(policies);
  const named = (name: unknown): Item[] => limits.filter((item) => item.value.value === name);
  const same = chosen !== undefined && named(chosen.name).length > 0 ? named(chosen.name) : named(limits[0]?.value.value);
  const t = agreed(same.map((item) => numberOf(item.params.get('t'))));
  return {
    limit: chosen?.quota,
    windowMs: seconds(chosen?.windowS),
    remaining: agreed(same.map((item) => numberOf(item.params.get('r')))),
    resetMs: seconds(t),
  };
}

/**
 * The drafts before 08: `RateLimit-Limit: 100` (from draft 01 optionally followed by policies, `100, 100;w=60`),
 * `RateLimit-Remaining`, `RateLimit-Reset` in delta seconds, or all three in `RateLimit: limit=.., remaining=.., reset=..`;
 * and `RateLimit-Policy: 100;w=60`. The window is that of the policy whose quota is the limit.
 */
function olderDrafts(headers: HeaderReader, now: number): RawHint {
  const limitField = parseList(headers.get('ratelimit-limit') ?? '');
  const dictionary = parseDictionary(headers.get('ratelimit') ?? '') ?? [];
  const key = (name: string): number | undefined => agreed(dictionary.filter(([k]) => k === name).map(([, item]) => numberOf(item.value)));
  // An older policy is named by its quota, `100;w=60`; RateLimit-Limit may list them after the limit.
  const policies: Policy[] = [];
  for (const item of [...(parseList(headers.get('ratelimit-policy') ?? '') ?? []), ...(limitField ?? []).filter((i) => i.params.has('w'))]) {
    const quota = numberOf(item.value);
    if (quota !== undefined) policies.push(policy(quota, quota, item));
  }
  // Every bare number in RateLimit-Limit is the limit: a header sent twice must say the same both times.
  const stated = limitField ? agreed(limitField.filter((item) => !item.params.has('w')).map((item) => numberOf(item.value))) : key('limit');
  const limit = stated ?? strictest(policies)?.quota;
  const windowS = strictest(policies.filter((p) => p.quota === limit))?.windowS;
  return {
    limit,
    windowMs: seconds(windowS),
    remaining: plainNumber(headers.get('ratelimit-remaining')) ?? key('remaining'),
    resetMs: resetFrom(plainNumber(headers.get('ratelimit-reset')) ?? key('reset'), now),
  };
}

/** `X-RateLimit-Limit`, `-Remaining`, `-Reset` (delta seconds, or a moment in epoch seconds or ms); no window. */
function xHeaders(headers: HeaderReader, now: number): RawHint {
  return {
    limit: plainNumber(headers.get('x-ratelimit-limit')),
    windowMs: undefined,
    remaining: plainNumber(headers.get('x-ratelimit-remaining')),
    resetMs: resetFrom(plainNumber(headers.get('x-ratelimit-reset')), now),
  };
}

function isName(value: BareItem): boolean {
  return value.type === 'string' || value.type === 'token';
}

function policy(name: string | number, quota: number | undefined, item: Item): Policy {
  return { name, quota, windowS: numberOf(item.params.get('w')) };
}

/**
 * The policy with the fewest requests a second (ties: the first listed); without windows, the smallest quota.
 * Undefined when none is usable, or when one name is listed twice with different numbers: which is right is unknown.
 */
function strictest(policies: readonly Policy[]): Policy | undefined {
  const conflict = policies.some((p) => policies.some((o) => o.name === p.name && (o.quota !== p.quota || o.windowS !== p.windowS)));
  if (conflict) return undefined;
  const valid = policies.filter((p) => positive(p.quota));
  const rate = (p: Policy): number => (positive(p.windowS) ? (p.quota as number) / p.windowS : Number.NaN);
  const windowed = valid.filter((p) => !Number.isNaN(rate(p)));
  const pool = windowed.length > 0 ? windowed : valid;
  const measure = windowed.length > 0 ? rate : (p: Policy): number => p.quota as number;
  return pool.reduce<Policy | undefined>((best, p) => (best === undefined || measure(p) < measure(best) ? p : best), undefined);
}

/** The one value all of `values` agree on; undefined when there are none, one is missing, or two differ. */
function agreed(values: readonly (number | undefined)[]): number | undefined {
  const [first] = values;
  return first !== undefined && values.every((value) => value === first) ? first : undefined;
}

/** A plain numeric header; `100, 100` (the header sent twice, as Headers joins it) reads as 100, `100, 50` as nothing. */
function plainNumber(text: string | null): number | undefined {
  if (text === null) return undefined;
  return agreed(text.split(',').map((part) => (PLAIN_NUMBER.test(part.trim()) ? Number(part.trim()) : undefined)));
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}

/** A reset in delta seconds, or a moment (epoch seconds or ms) turned into ms from `now`; a moment past is now. */
function resetFrom(value: number | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (value >= EPOCH_SECONDS && !Number.isFinite(now)) return undefined;
  if (value >= EPOCH_MS) return Math.max(0, value - now);
  if (value >= EPOCH_SECONDS) return Math.max(0, value * 1000 - now);
  return value * 1000;
}

function positive(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

function nonNegative(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

/** Keeps each field that is a number it may be (limit and window > 0, the others >= 0); undefined when none is. */
function usable(raw: RawHint): RateLimitHint | undefined {
  const hint: RateLimitHint = {};
  if (positive(raw.limit)) hint.limit = raw.limit;
  if (positive(raw.windowMs)) hint.windowMs = raw.windowMs;
  if (nonNegative(raw.remaining)) hint.remaining = raw.remaining;
  if (nonNegative(raw.resetMs)) hint.resetMs = raw.resetMs;
  return Object.keys(hint).length > 0 ? hint : undefined;
}
