//! The recovery sheet: the store's recovery key on paper, printed once when the store is
//! created (the key is never stored, so this is the only other copy).
use super::Document;
use super::layout::Block;
use chrono::NaiveDate;

/// The sheet for `recovery_key` of the store of `school`, created on `created_on`.
pub fn recovery_sheet(school: &str, recovery_key: &str, created_on: NaiveDate) -> Document {
    let blocks = vec![
        Block::Title("数据恢复密钥".into()),
        Block::Subtitle("访企拓岗工作台 Visitdesk · Recovery key".into()),
        Block::Gap(10.0),
        Block::Fields(vec![("学校".into(), school.to_string()), ("生成日期".into(), created_on.to_string())]),
        Block::Big(recovery_key.to_string()),
        Block::Heading("用途".into()),
        Block::Paragraph(
            "忘记口令时，凭此恢复密钥可以打开工作台的数据，并重新设置口令。恢复密钥只在创建数据时显示一次，系统中不保存；丢失后无法找回，数据也将无法打开。"
                .into(),
        ),
        Block::Paragraph(
            "If every passphrase is forgotten, this key opens the store and sets a new passphrase. It was shown once when the store was created and is not kept anywhere else."
                .into(),
        ),
        Block::Heading("保管要求".into()),
        Block::Paragraph("1. 打印后交专人保管，存放于保密柜等安全处所，不要与电脑放在一起。".into()),
        Block::Paragraph("2. 不要拍照，不要保存在电脑、手机、邮箱或网盘中。".into()),
        Block::Paragraph("3. 输入时不区分大小写，短横线和空格可以省略。".into()),
        Block::Gap(16.0),
        Block::Signature(["保管人（签字）", "存放位置", "经办人（签字）", "日期"].map(String::from).to_vec()),
    ];
    Document { school: school.to_string(), title: "数据恢复密钥".into(), blocks, images: Default::default() }
}
