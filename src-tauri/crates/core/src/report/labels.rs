//! The Chinese words printed for the model's choices (the same as the app's zh-CN strings).
use crate::model::{BaseStatus, Education, EmployerSize, Ownership, RecruitmentMode, Role, VisitMode, VisitStatus};

pub trait Zh {
    fn zh(self) -> &'static str;
}

macro_rules! zh {
    ($t:ty { $($v:ident => $text:literal),+ $(,)? }) => {
        impl Zh for $t {
            fn zh(self) -> &'static str {
                match self { $(<$t>::$v => $text),+ }
            }
        }
    };
}

zh!(Role { Secretary => "党委书记", President => "校长", Leader => "校领导", Staff => "工作人员", Teacher => "教师" });
zh!(VisitMode { OnSite => "实地走访(走出去)", Hosted => "请进来", Online => "线上" });
zh!(VisitStatus { Planned => "计划中", Completed => "已完成", Cancelled => "已取消" });
zh!(Ownership {
    StateOwned => "国有企业",
    Private => "民营企业",
    Foreign => "外资企业",
    JointVenture => "合资企业",
    PublicInstitution => "事业单位",
    Government => "机关",
    SocialOrganisation => "社会组织",
    Other => "其他",
});
zh!(EmployerSize { Large => "大型", Medium => "中型", Small => "小型", Micro => "微型", Unknown => "未知" });
zh!(Education { Any => "不限", Vocational => "专科", Bachelor => "本科", Master => "硕士", Doctor => "博士" });
zh!(BaseStatus { Intended => "意向", Signed => "已签约", Unveiled => "已挂牌", Expired => "已到期" });
zh!(RecruitmentMode { Offline => "线下", Online => "线上", Both => "线上线下" });

/// 是 / 否.
pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}
