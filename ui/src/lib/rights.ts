/**
 * What the unlocked person may do, read from `session.rights` as the core gave it. The core
 * decides the rights (from access, assists, college) and checks every write again; this only
 * reads its answer, so views can disable what would be refused, naming the missing right.
 */
import { t } from '../i18n/index.svelte';
import type { Right, Rights } from './backend';

/** The name of a right in the user's language ("管理人员" / "manage people"). */
export function rightLabel(right: Right): string {
  return t(`right.${right}`);
}

/** The hint on a control disabled for want of `right`: "需要权限：管理人员". */
export function needsText(right: Right): string {
  return t('rights.needs', { right: rightLabel(right) });
}

export class RightsOf {
  /** `me`: the unlocked person's id (a visit's leader confirms what others recorded for them). */
  constructor(
    readonly rights: Rights,
    readonly me: string | null = null,
  ) {}

  /** Whether the person holds `right` outright (an admin holds them all). */
  holds(right: Right): boolean {
    return this.rights.holds.includes(right);
  }

  /** Whether the person may plan, change and record the visits and trips led by `leaderId`. */
  mayWorkFor(leaderId: string | null | undefined): boolean {
    const ids = this.rights.works_for;
    if (ids === null) return true;
    return !!leaderId && ids.includes(leaderId);
  }

  /** The hint naming `right` when it is not held, else null (for `title` and hints). */
  lacks(right: Right): string | null {
    return this.holds(right) ? null : needsText(right);
  }

  /** The hint naming `leader_work` when the person may not work for `leaderId`, else null. */
  lacksWorkFor(leaderId: string | null | undefined): string | null {
    return this.mayWorkFor(leaderId) ? null : needsText('leader_work');
  }

  /** Whether the person may confirm a completion recorded for `leaderId`: that leader, or an admin. */
  mayConfirm(leaderId: string | null | undefined): boolean {
    return (!!leaderId && leaderId === this.me) || this.holds('confirm_visits');
  }

  /** The hint naming `confirm_visits` when the person may not confirm for `leaderId`, else null. */
  lacksConfirm(leaderId: string | null | undefined): string | null {
    return this.mayConfirm(leaderId) ? null : needsText('confirm_visits');
  }
}
