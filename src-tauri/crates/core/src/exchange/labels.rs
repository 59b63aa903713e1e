//! The Chinese names of the model's choices, as the ledger prints them and as imported files
//! write them. One table per choice serves both directions: its first name is the label,
//! the others are what the importer also accepts.
use super::read::fold_label;
use crate::model::{
    BaseStatus, Education, EmployerSize, Ownership, PostingStage, RecruitmentMode, Role, VisitMode, VisitStatus,
};

pub struct Labels<T: 'static>(&'static [(T, &'static [&'static str])]);

impl<T: Copy + PartialEq> Labels<T> {
    /// The label printed for `value`.
    pub fn label(&self, value: T) -> &'static str {
        self.0.iter().find(|(v, _)| *v == value).and_then(|(_, names)| names.first()).copied().unwrap_or("")
    }

    /// The choice that `text` names: exactly one of its names (which are written folded), or
    /// else text containing one (民营企业（私营） is 民营企业).
    pub fn parse(&self, text: &str) -> Option<T> {
        let text = fold_label(text);
        if text.is_empty() {
            return None;
        }
        let names = || self.0.iter().flat_map(|(v, names)| names.iter().map(move |n| (*v, *n)));
        names().find(|(_, n)| *n == text).or_else(|| names().find(|(_, n)| text.contains(n))).map(|(v, _)| v)
    }
}

pub const OWNERSHIP: Labels<Ownership> = Labels(&[
    (Ownership::StateOwned, &["国有企业", "国企", "央企", "中央企业", "国有控股", "国有", "stateowned"]),
    (Ownership::Private, &["民营企业", "民企", "私营企业", "民营", "私营", "private"]),
    (Ownership::Foreign, &["外资企业", "外企", "外商独资", "外资", "foreign"]),
    (Ownership::JointVenture, &["合资企业", "中外合资", "合资", "jointventure"]),
    (Ownership::PublicInstitution, &["事业单位", "事业", "publicinstitution"]),
    (Ownership::Government, &["机关", "党政机关", "政府机关", "政府", "government"]),
    (Ownership::SocialOrganisation, &["社会组织", "社会团体", "民办非企业", "协会", "socialorganisation"]),
    (Ownership::Other, &["其他", "other"]),
]);

pub const SIZE: Labels<EmployerSize> = Labels(&[
    (EmployerSize::Large, &["大型", "大型企业", "large"]),
    (EmployerSize::Medium, &["中型", "中型企业", "medium"]),
    (EmployerSize::Small, &["小型", "小型企业", "small"]),
    (EmployerSize::Micro, &["微型", "微型企业", "micro"]),
    (EmployerSize::Unknown, &["未知", "unknown"]),
]);

pub const ROLE: Labels<Role> = Labels(&[
    (Role::Secretary, &["党委书记"]),
    (Role::President, &["校长"]),
    (Role::Leader, &["校领导"]),
    (Role::Staff, &["工作人员"]),
    (Role::Teacher, &["教师"]),
]);

pub const VISIT_MODE: Labels<VisitMode> = Labels(&[
    (VisitMode::OnSite, &["实地走访(走出去)"]),
    (VisitMode::Hosted, &["请进来"]),
    (VisitMode::Online, &["线上"]),
]);

pub const VISIT_STATUS: Labels<VisitStatus> = Labels(&[
    (VisitStatus::Planned, &["计划中"]),
    (VisitStatus::Completed, &["已完成"]),
    (VisitStatus::Cancelled, &["已取消"]),
]);

pub const RECRUITMENT: Labels<RecruitmentMode> = Labels(&[
    (RecruitmentMode::Offline, &["线下"]),
    (RecruitmentMode::Online, &["线上"]),
    (RecruitmentMode::Both, &["线上线下"]),
]);

pub const EDUCATION: Labels<Education> = Labels(&[
    (Education::Any, &["不限"]),
    (Education::Vocational, &["专科"]),
    (Education::Bachelor, &["本科"]),
    (Education::Master, &["硕士"]),
    (Education::Doctor, &["博士"]),
]);

pub const BASE_STATUS: Labels<BaseStatus> = Labels(&[
    (BaseStatus::Intended, &["意向"]),
    (BaseStatus::Signed, &["已签约"]),
    (BaseStatus::Unveiled, &["已挂牌"]),
    (BaseStatus::Expired, &["已到期", "到期"]),
]);

pub const POSTING_STAGE: Labels<PostingStage> = Labels(&[
    (PostingStage::Intended, &["意向"]),
    (PostingStage::Published, &["已发布", "招聘中"]),
    (PostingStage::Filled, &["已招满"]),
    (PostingStage::Closed, &["已关闭", "已结束"]),
]);

/// 是 or 否.
pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// A yes/no cell: 是/否, Y/N, yes/no, √/×, 1/0, true/false; blank is no. `None` if unclear.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match fold_label(text).as_str() {
        "是" | "y" | "yes" | "√" | "✓" | "✔" | "1" | "true" | "t" | "有" | "对" => Some(true),
        "否" | "n" | "no" | "×" | "✗" | "✘" | "x" | "0" | "false" | "f" | "无" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_has_a_label_that_parses_back() {
        for o in Ownership::ALL {
            assert_eq!(OWNERSHIP.parse(OWNERSHIP.label(*o)), Some(*o), "{o:?}");
            assert_eq!(OWNERSHIP.parse(o.as_str()), Some(*o));
        }
        for s in EmployerSize::ALL {
            assert_eq!(SIZE.parse(SIZE.label(*s)), Some(*s), "{s:?}");
        }
        for (labels, all) in [(ROLE.0.len(), Role::ALL.len()), (VISIT_MODE.0.len(), VisitMode::ALL.len())] {
            assert_eq!(labels, all);
        }
        assert_eq!(EDUCATION.0.len(), Education::ALL.len());
        assert_eq!(BASE_STATUS.0.len(), BaseStatus::ALL.len());
        assert_eq!(POSTING_STAGE.0.len(), PostingStage::ALL.len());
        assert_eq!(VISIT_STATUS.0.len(), VisitStatus::ALL.len());
        assert_eq!(RECRUITMENT.0.len(), RecruitmentMode::ALL.len());
        assert_eq!(OWNERSHIP.parse("民营企业（私营）"), Some(Ownership::Private));
        assert_eq!(OWNERSHIP.parse("Ｐｒｉｖａｔｅ"), Some(Ownership::Private));
        assert_eq!(OWNERSHIP.parse("火星企业"), None);
        assert_eq!(SIZE.parse(""), None);
        // Names are compared as written, so they must be written folded.
        for (_, names) in OWNERSHIP.0 {
            assert!(names.iter().all(|n| fold_label(n) == *n), "{names:?}");
        }
        for (_, names) in SIZE.0 {
            assert!(names.iter().all(|n| fold_label(n) == *n), "{names:?}");
        }
    }

    #[test]
    fn yes_and_no_in_the_ways_offices_write_them() {
        for yes in ["是", "Y", "y", "Yes", "√", "１", "TRUE"] {
            assert_eq!(parse_yes_no(yes), Some(true), "{yes}");
        }
        for no in ["否", "N", "no", "×", "0", "", "  "] {
            assert_eq!(parse_yes_no(no), Some(false), "{no}");
        }
        assert_eq!(parse_yes_no("也许"), None);
    }
}
