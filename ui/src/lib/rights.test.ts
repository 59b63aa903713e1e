import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/index.svelte';
import type { IpcError, Rights } from './backend';
import { errorText } from './errors';
import { needsText, rightLabel, RightsOf } from './rights';

afterEach(() => setLocale('zh-CN'));

const ADMIN: Rights = {
  access: 'admin',
  holds: ['manage_people', 'manage_campaign', 'manage_employers', 'leader_work', 'confirm_visits'],
  works_for: null,
};
const ASSISTANT: Rights = { access: 'assistant', holds: [], works_for: ['me', 'president'] };

describe('rights', () => {
  it('reads what the core says an admin may do: every right, everyone’s work', () => {
    const r = new RightsOf(ADMIN);
    expect(r.holds('manage_people')).toBe(true);
    expect(r.holds('manage_employers')).toBe(true);
    expect(r.mayWorkFor('anyone')).toBe(true);
    expect(r.lacks('manage_campaign')).toBeNull();
    expect(r.lacksWorkFor('anyone')).toBeNull();
  });

  it('reads what an assistant may do: no right outright, the work of the people listed only', () => {
    const r = new RightsOf(ASSISTANT);
    expect(r.holds('manage_people')).toBe(false);
    expect(r.mayWorkFor('president')).toBe(true);
    expect(r.mayWorkFor('me')).toBe(true);
    expect(r.mayWorkFor('secretary')).toBe(false);
    expect(r.mayWorkFor(null)).toBe(false);
    expect(r.lacks('manage_people')).toBe('需要权限：管理人员');
    expect(r.lacksWorkFor('secretary')).toBe('需要权限：处理该校领导的走访和行程');
  });

  it('lets a visit’s leader or an admin confirm what someone else recorded for it, naming the right otherwise', () => {
    expect(new RightsOf(ADMIN, 'secretary').lacksConfirm('president')).toBeNull();
    const leader = new RightsOf({ access: 'leader', holds: [], works_for: ['president'] }, 'president');
    expect(leader.mayConfirm('president')).toBe(true);
    expect(leader.lacksConfirm('secretary')).toBe('需要权限：确认他人代为记录的走访');
    const assistant = new RightsOf(ASSISTANT, 'me');
    expect(assistant.mayConfirm('president')).toBe(false);
    expect(assistant.lacksConfirm('president')).toBe('需要权限：确认他人代为记录的走访');
    expect(assistant.lacksConfirm(null)).toBe('需要权限：确认他人代为记录的走访');
    setLocale('en');
    expect(assistant.lacksConfirm('president')).toBe('Needs the right: confirm visits recorded by others');
  });

  it('names each right in the user’s language', () => {
    expect(rightLabel('manage_employers')).toBe('管理用人单位');
    expect(needsText('manage_campaign')).toBe('需要权限：管理专项行动');
    setLocale('en');
    expect(needsText('manage_people')).toBe('Needs the right: manage people');
  });
});

describe('a refusal for want of a right', () => {
  const forbidden = (right: IpcError['right']): IpcError => ({ code: 'access.forbidden', message: 'forbidden', field: null, right });

  it('names the missing right, in either language', () => {
    expect(errorText(forbidden('manage_employers'))).toBe('你没有进行此操作的权限（需要权限：管理用人单位）。如需办理，请联系管理员。');
    setLocale('en');
    expect(errorText(forbidden('leader_work'))).toContain('needs the right: work on this leader’s visits and trips');
  });

  it('still says what happened when no right is named, and keeps one admin', () => {
    expect(errorText(forbidden(null))).toBe('你没有进行此操作的权限。如需办理，请联系管理员。');
    expect(errorText({ code: 'access.last_admin', message: '', field: null })).toContain('至少保留一名管理员');
  });
});
