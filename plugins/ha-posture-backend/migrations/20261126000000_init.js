/*
 * HA Posture storage: the last good snapshot per cluster, the latest reports, and a bounded daily
 * history. Reports are stored as JSON text (they are read whole), with the few columns queries need.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ha_posture_snapshots', table => {
    table.comment('Last good (projected) snapshot per cluster, kept when a refresh fails');
    table.string('cluster').primary().notNullable();
    table.text('snapshot', 'longtext').notNullable();
    table.string('fetched_at').notNullable();
    table.string('last_attempt_at').notNullable();
    table.text('last_error').nullable();
  });

  await knex.schema.createTable('ha_posture_cluster_reports', table => {
    table.comment('Latest report per cluster');
    table.string('cluster').primary().notNullable();
    table.text('report', 'longtext').notNullable();
    table.float('score').nullable();
    table.string('grade').notNullable();
    table.string('generated_at').notNullable();
  });

  await knex.schema.createTable('ha_posture_entity_reports', table => {
    table.comment('Latest report per catalog entity, with its workload reports');
    table.string('entity_ref').primary().notNullable();
    table.text('report', 'longtext').notNullable();
    table.float('score').nullable();
    table.string('grade').notNullable();
    table.string('owner').nullable();
    table.string('system').nullable();
    table.string('generated_at').notNullable();
    table.index(['owner'], 'ha_posture_entity_reports_owner_idx');
    table.index(['system'], 'ha_posture_entity_reports_system_idx');
  });

  await knex.schema.createTable('ha_posture_history', table => {
    table.comment('One row per subject and day (the last refresh of the day wins)');
    table.string('subject_type').notNullable(); // 'entity' | 'cluster'
    table.string('subject').notNullable(); // entity ref or cluster name
    table.string('day').notNullable(); // YYYY-MM-DD (UTC)
    table.float('score').nullable();
    table.string('grade').notNullable();
    table.text('categories').notNullable(); // { [category]: status }
    table.integer('failing').notNullable();
    table.string('recorded_at').notNullable();
    table.primary(['subject_type', 'subject', 'day']);
  });

  await knex.schema.createTable('ha_posture_refreshes', table => {
    table.comment('Outcome of the latest refreshes (bounded)');
    table.increments('id');
    table.string('started_at').notNullable();
    table.string('finished_at').notNullable();
    table.integer('duration_ms').notNullable();
    table.integer('clusters').notNullable();
    table.integer('entities').notNullable();
    table.integer('api_requests').notNullable();
    table.text('errors').notNullable(); // JSON string[]
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ha_posture_refreshes');
  await knex.schema.dropTable('ha_posture_history');
  await knex.schema.dropTable('ha_posture_entity_reports');
  await knex.schema.dropTable('ha_posture_cluster_reports');
  await knex.schema.dropTable('ha_posture_snapshots');
};
