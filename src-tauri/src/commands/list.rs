// Every IPC command, as `module::command`: the one list. lib.rs builds the invoke handler from
// it, and build.rs generates each command's `allow-<command>` permission from it and checks that
// capabilities/default.json grants the main window exactly these. Included by both, so it holds
// only this macro.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            store::app_version,
            store::store_status,
            store::create_store,
            store::unlock,
            store::recover,
            store::lock,
            dashboard::dashboard,
            people::list_people,
            people::save_person,
            people::set_passphrase,
            employers::list_employers,
            employers::employer_detail,
            employers::check_employer,
            employers::save_employer,
            employers::save_contact,
            visits::visits_between,
            visits::visit_detail,
            visits::plan_visit,
            visits::save_visit,
            visits::complete_visit,
            visits::cancel_visit,
            visits::save_demand_survey,
            visits::save_followup_survey,
            tasks::list_tasks,
            tasks::save_task,
            drafts::save_draft,
            drafts::draft,
            drafts::clear_draft,
            search::search,
            trash::delete_record,
            trash::trash,
            trash::restore,
            trash::undo,
            settings::settings,
            settings::save_campaign,
            settings::save_settings,
        }
    };
}
