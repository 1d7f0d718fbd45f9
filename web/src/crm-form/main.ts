/**
 * The embeddable CRM web form (`/crm-form.html?f={formId}&k={key}`), framed by customers' sites. Plain DOM
 * TypeScript (no React, no i18next, no zod at run time: a few KB), English or Romanian by the form's language.
 * Flow: /config.json → GET /public/crm/forms/{f}?k= (config + ticket) → render → POST …/submit → the form's
 * success message. Field errors from the API (400 `fields.email`, `consent`…) are shown beside their fields.
 * The page tells its parent its height (`postMessage({type: 'crm-form:height', height})`) for auto-sizing.
 */
import type { FormFields, PublicFormConfig } from '../../../shared/crm/intake-contract';
import { requestLine } from '../../../shared/api/request-line';
import { crmIntakeRoutes } from '../../../shared/api/route-table';
import { STRINGS, type Strings } from './strings';

const FIELDS = ['name', 'email', 'phone', 'company', 'message'] as const;
type Field = (typeof FIELDS)[number];
const INPUT: Record<Field, { type: string; autocomplete: string; multiline?: boolean; max: number }> = {
  name: { type: 'text', autocomplete: 'name', max: 200 },
  email: { type: 'email', autocomplete: 'email', max: 254 },
  phone: { type: 'tel', autocomplete: 'tel', max: 40 },
  company: { type: 'text', autocomplete: 'organization', max: 200 },
  message: { type: 'text', autocomplete: 'off', multiline: true, max: 4000 },
};

const root = document.getElementById('crm-form-root')!;
const params = new URLSearchParams(location.search);
const formId = params.get('f') ?? '';
const key = params.get('k') ?? '';
const browserLang = (navigator.language || 'en').toLowerCase().startsWith('ro') ? 'ro' : 'en';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

let lastHeight = 0;
function reportHeight() {
  const h = Math.ceil(document.documentElement.scrollHeight);
  if (h !== lastHeight && window.parent !== window) {
    lastHeight = h;
    window.parent.postMessage({ type: 'crm-form:height', height: h }, '*');
  }
}
new ResizeObserver(reportHeight).observe(document.body);

function show(...nodes: Node[]) {
  root.replaceChildren(...nodes);
  reportHeight();
}
const banner = (text: string) => el('p', { class: 'crm-banner', role: 'alert', 'data-testid': 'crm-form-error' }, text);

async function apiUrl(): Promise<string> {
  const r = await fetch('/config.json', { cache: 'no-store' });
  if (!r.ok) throw new Error(`config ${r.status}`);
  const c = (await r.json()) as { apiUrl?: string };
  if (!c.apiUrl) throw new Error('config without apiUrl');
  return c.apiUrl.replace(/\/+$/, '');
}

async function loadForm(api: string): Promise<PublicFormConfig | 'missing'> {
  const line = requestLine(crmIntakeRoutes.publicForm, { params: { formId }, query: { k: key } });
  const r = await fetch(`${api}${line.path}`, {
    method: line.method,
    headers: { accept: 'application/json' },
  });
  if (r.status === 404 || r.status === 400) return 'missing';
  if (!r.ok) throw new Error(`form ${r.status}`);
  return (await r.json()) as PublicFormConfig;
}

interface ApiError {
  error?: { code?: string; message?: string; fields?: { path: string; reason: string }[]; retryAfterSeconds?: number };
}

function render(api: string, cfg: PublicFormConfig) {
  const t: Strings = STRINGS[cfg.language] ?? STRINGS.en;
  document.documentElement.lang = cfg.language;
  document.title = cfg.name;
  let ticket = cfg.ticket;
  const modes = cfg.fields as FormFields;
  const inputs = new Map<Field, HTMLInputElement | HTMLTextAreaElement>();
  const errors = new Map<string, HTMLElement>();

  const form = el('form', { novalidate: '', 'data-testid': 'crm-form' });
  for (const f of FIELDS) {
    const mode = modes[f];
    if (mode === 'off') continue;
    const spec = INPUT[f];
    const id = `crm-${f}`;
    const input = spec.multiline
      ? el('textarea', { id, name: f, maxlength: String(spec.max), rows: '4' })
      : el('input', { id, name: f, type: spec.type, autocomplete: spec.autocomplete, maxlength: String(spec.max) });
    input.setAttribute('data-testid', `crm-form-${f}`);
    if (mode === 'required') input.setAttribute('required', '');
    const err = el('p', { class: 'crm-error', id: `${id}-error`, hidden: '' });
    input.setAttribute('aria-describedby', err.id);
    inputs.set(f, input);
    errors.set(`fields.${f}`, err);
    const caption = el('span', {}, t.fields[f]);
    if (mode === 'required') caption.append(el('span', { class: 'crm-req', 'aria-hidden': 'true' }, '*'));
    const label = el('label', { class: 'crm-field', for: id }, caption, input, err);
    form.append(label);
  }
  // Honeypot: people never see or reach it; a bot filling every field gets a normal answer and nothing is stored.
  const hp = el('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off', 'aria-hidden': 'true' });
  form.append(el('div', { class: 'crm-hp', 'aria-hidden': 'true' }, el('label', {}, 'Website', hp)));

  let consent: HTMLInputElement | null = null;
  if (cfg.consentText || cfg.consentRequired) {
    consent = el('input', { type: 'checkbox', id: 'crm-consent', name: 'consent', 'data-testid': 'crm-form-consent' });
    if (cfg.consentRequired) consent.setAttribute('required', '');
    const err = el('p', { class: 'crm-error', id: 'crm-consent-error', hidden: '' });
    consent.setAttribute('aria-describedby', err.id);
    errors.set('consent', err);
    const text = el('span', {}, cfg.consentText || t.consentDefault);
    if (cfg.consentRequired) text.append(el('span', { class: 'crm-req', 'aria-hidden': 'true' }, '*'));
    form.append(el('label', { class: 'crm-consent', for: 'crm-consent' }, consent, el('span', {}, text, err)));
  }
  const general = el('div', { role: 'status' });
  const submit = el('button', { type: 'submit', 'data-testid': 'crm-form-submit' }, t.send);
  form.append(general, submit);

  const setError = (path: string, message: string | null) => {
    const e = errors.get(path);
    const field = path === 'consent' ? consent : inputs.get(path.replace(/^fields\./, '') as Field);
    if (e) {
      e.textContent = message ?? '';
      e.hidden = !message;
    }
    field?.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  const clearErrors = () => {
    for (const p of errors.keys()) setError(p, null);
    general.replaceChildren();
  };

  /** Client-side checks mirror the server's (it checks again). */
  const localProblems = (): { path: string; reason: string }[] => {
    const out: { path: string; reason: string }[] = [];
    for (const [f, input] of inputs) {
      const v = input.value.trim();
      if (modes[f] === 'required' && !v) out.push({ path: `fields.${f}`, reason: t.required });
      else if (f === 'email' && v && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
        out.push({ path: 'fields.email', reason: t.badEmail });
      else if (f === 'phone' && v && !/^[0-9+()./\s-]{5,40}$/.test(v))
        out.push({ path: 'fields.phone', reason: t.badPhone });
    }
    const email = inputs.get('email')?.value.trim();
    const phone = inputs.get('phone')?.value.trim();
    if (!email && !phone && !out.length)
      out.push({ path: inputs.has('email') ? 'fields.email' : 'fields.phone', reason: t.contactNeeded });
    if (consent && cfg.consentRequired && !consent.checked) out.push({ path: 'consent', reason: t.consentRequired });
    return out;
  };

  const focusFirst = (paths: string[]) => {
    for (const p of paths) {
      const target = p === 'consent' ? consent : inputs.get(p.replace(/^fields\./, '') as Field);
      if (target) {
        target.focus();
        return;
      }
    }
  };

  const send = async (retry: boolean): Promise<void> => {
    const fields: Record<string, string> = {};
    for (const [f, input] of inputs) if (input.value.trim()) fields[f] = input.value.trim();
    const line = requestLine(crmIntakeRoutes.submitForm, { params: { formId } });
    const r = await fetch(`${api}${line.path}`, {
      method: line.method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        k: key,
        ticket,
        fields,
        consent: consent?.checked ?? false,
        ...(hp.value ? { website: hp.value } : {}),
      }),
    });
    if (r.status === 202) {
      const body = (await r.json().catch(() => ({}))) as { message?: string };
      show(
        el(
          'p',
          { class: 'crm-success', role: 'status', 'data-testid': 'crm-form-success' },
          body.message || cfg.successMessage || t.thanks,
        ),
      );
      return;
    }
    const body = (await r.json().catch(() => ({}))) as ApiError;
    const fieldsWrong = body.error?.fields ?? [];
    if (r.status === 422 && fieldsWrong.some((f) => f.path === 'ticket')) {
      // Too fast (a person rarely is) or a page left open for hours: a fresh ticket, then once more.
      if (retry) {
        const reason = fieldsWrong.find((f) => f.path === 'ticket')!.reason;
        if (reason.startsWith('sent too fast')) await new Promise((res) => setTimeout(res, 3000));
        else {
          const again = await loadForm(api);
          if (again === 'missing') return show(banner(t.unavailable));
          ticket = again.ticket;
        }
        return send(false);
      }
      general.replaceChildren(banner(t.tryAgain));
      return;
    }
    if (r.status === 400 && fieldsWrong.length) {
      for (const f of fieldsWrong)
        setError(
          f.path,
          f.path === 'consent'
            ? t.consentRequired
            : f.path === 'fields.email'
              ? t.badEmail
              : f.path === 'fields.phone'
                ? t.badPhone
                : f.reason === 'required'
                  ? t.required
                  : f.reason,
        );
      focusFirst(fieldsWrong.map((f) => f.path));
      return;
    }
    if (r.status === 404) return show(banner(t.unavailable));
    if (r.status === 429) {
      const s = Number(r.headers.get('retry-after') ?? body.error?.retryAfterSeconds ?? 60);
      general.replaceChildren(banner(t.tooMany(Math.max(1, Math.ceil(s / 60)))));
      return;
    }
    general.replaceChildren(banner(t.tryAgain));
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors();
    const problems = localProblems();
    if (problems.length) {
      for (const p of problems) setError(p.path, p.reason);
      focusFirst(problems.map((p) => p.path));
      reportHeight();
      return;
    }
    submit.disabled = true;
    submit.textContent = t.sending;
    send(true)
      .catch(() => general.replaceChildren(banner(t.tryAgain)))
      .finally(() => {
        submit.disabled = false;
        submit.textContent = t.send;
        reportHeight();
      });
  });

  show(el('h1', {}, cfg.name), form);
}

async function start() {
  const t = STRINGS[browserLang];
  if (!formId || !key) return show(banner(t.unavailable));
  try {
    const api = await apiUrl();
    const cfg = await loadForm(api);
    if (cfg === 'missing') return show(banner(t.unavailable));
    render(api, cfg);
  } catch {
    show(banner(t.loadFailed));
  }
}

void start();
