/**
 * An action in words, in the reader's language: what to do and why, with the
 * figures behind it. One place for the to-do list, the weekly report and the
 * task a CRM receives.
 */
import type { Action, ActionFigure, ActionKind } from '../model';
import type { MessageKey, Text } from '../ui/text';

const keyOf = (kind: ActionKind, part: 'title' | 'reason') => `actions.${kind.replaceAll('-', '_')}_${part}` as MessageKey;

export function actionTitle(text: Text, kind: ActionKind): string {
  return text.t(keyOf(kind, 'title'));
}

export function actionReason(text: Text, action: Pick<Action, 'kind' | 'figures' | 'currency'>): string {
  const f = action.figures;
  const money = (name: string) => (typeof f[name] === 'number' ? text.money(f[name], action.currency) : '–');
  const num = (name: string, digits = 0) => (typeof f[name] === 'number' ? text.number(f[name], digits) : '–');
  const plain = (name: string) => shown(text, f[name]);
  switch (action.kind) {
    case 'thank-champion':
      return text.t(keyOf(action.kind, 'reason'), money('netValue'), num('influence'), money('engagementValue'));
    case 'invite-advocate':
      return text.t(keyOf(action.kind, 'reason'), num('influence'), num('followers'), money('influenceValue'));
    case 'win-back-affluent':
      return text.t(keyOf(action.kind, 'reason'), text.percent(typeof f['pAlive'] === 'number' ? f['pAlive'] : 0), num('daysSinceLastPurchase'), money('netValue'));
    case 'keep-from-competitor':
      return text.t(keyOf(action.kind, 'reason'), plain('competitor'), plain('date'), num('rating'), money('netValue'));
    case 'answer-detractor':
      return text.t(keyOf(action.kind, 'reason'), num('rating'), plain('date'), num('followers'));
    case 'ask-testimonial':
      return text.t(keyOf(action.kind, 'reason'), num('rating'), plain('date'), num('reviews'));
    case 'reconsider-terms':
      return text.t(
        keyOf(action.kind, 'reason'),
        money('netValue'),
        money('costToDate'),
        num('refunds'),
        num('orders'),
        text.t(`actions.driver_${String(f['driver']).replaceAll('-', '_')}` as MessageKey),
      );
  }
}

/** What "Send to CRM" did, in words: how many tasks were queued for which CRMs, and what stays here. */
export function tasksSentInWords(text: Text, sent: { actions: number; queued: number; notCustomers: number; connectors: readonly string[] }): string {
  if (sent.connectors.length === 0) return text.t('actions.noCrm');
  if (sent.actions === 0) return text.t('actions.nothingToSend');
  const parts = [text.t('actions.tasksQueued', text.number(sent.queued), sent.connectors.join(', '))];
  if (sent.notCustomers > 0) parts.push(text.t('actions.notCustomers', text.number(sent.notCustomers)));
  return parts.join(' ');
}

function shown(text: Text, value: ActionFigure | undefined): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return text.date(value);
  return typeof value === 'number' ? text.number(value, 2) : String(value);
}
