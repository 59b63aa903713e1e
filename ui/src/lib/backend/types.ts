/**
 * Every type that crosses IPC, one line each. The files in ./bindings are generated from the
 * Rust types by ts-rs (`make bindings`; a Rust test fails when they are stale, or when a type
 * is missing here). Import types from here (or from `./index`), never from ./bindings directly.
 */
export type { Audit } from './bindings/Audit';
export type { BaseStatus } from './bindings/BaseStatus';
export type { Campaign } from './bindings/Campaign';
export type { Completion } from './bindings/Completion';
export type { Contact } from './bindings/Contact';
export type { Created } from './bindings/Created';
export type { Dashboard } from './bindings/Dashboard';
export type { DemandSurvey } from './bindings/DemandSurvey';
export type { Duplicate } from './bindings/Duplicate';
export type { DuplicateReason } from './bindings/DuplicateReason';
export type { Education } from './bindings/Education';
export type { Employer } from './bindings/Employer';
export type { EmployerCheck } from './bindings/EmployerCheck';
export type { EmployerDetail } from './bindings/EmployerDetail';
export type { EmployerFilter } from './bindings/EmployerFilter';
export type { EmployerSize } from './bindings/EmployerSize';
export type { FieldError } from './bindings/FieldError';
export type { Figures } from './bindings/Figures';
export type { FollowupSurvey } from './bindings/FollowupSurvey';
export type { Hit } from './bindings/Hit';
export type { InternshipBase } from './bindings/InternshipBase';
export type { JobPosting } from './bindings/JobPosting';
export type { Kind } from './bindings/Kind';
export type { LeaderFigures } from './bindings/LeaderFigures';
export type { NewStore } from './bindings/NewStore';
export type { Note } from './bindings/Note';
export type { Origin } from './bindings/Origin';
export type { Outcome } from './bindings/Outcome';
export type { Ownership } from './bindings/Ownership';
export type { Pace } from './bindings/Pace';
export type { Period } from './bindings/Period';
export type { Person } from './bindings/Person';
export type { RecruitmentMode } from './bindings/RecruitmentMode';
export type { Role } from './bindings/Role';
export type { Satisfaction } from './bindings/Satisfaction';
export type { Session } from './bindings/Session';
export type { Settings } from './bindings/Settings';
export type { SlotInfo } from './bindings/SlotInfo';
export type { StoreStatus } from './bindings/StoreStatus';
export type { Stored } from './bindings/Stored';
export type { Task } from './bindings/Task';
export type { TaskRow } from './bindings/TaskRow';
export type { TrackedGraduate } from './bindings/TrackedGraduate';
export type { TrashEntry } from './bindings/TrashEntry';
export type { Trip } from './bindings/Trip';
export type { Visit } from './bindings/Visit';
export type { VisitDetail } from './bindings/VisitDetail';
export type { VisitMode } from './bindings/VisitMode';
export type { VisitRow } from './bindings/VisitRow';
export type { VisitStatus } from './bindings/VisitStatus';
