-- Row and index sizes per stored Sign, report and audit line on PostgreSQL (docs/scaling.md). Run by
-- scripts/load.sh --store postgres with LOAD_SQL_AFTER=scripts/row-sizes.sql after a load run has stored real
-- rows: each table is grown to :n rows by copying those rows with fresh random keys (manifest and report IDs,
-- watermark IDs, content hashes, prompt digests) and spread times, so that the indexes see random keys as in
-- production, and the large values (manifest store, JSON) are the real ones, compressed by TOAST as they are.
\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 100000
\endif

CREATE TEMP TABLE m0 AS SELECT *, row_number() OVER () - 1 AS k FROM manifests;
CREATE TEMP TABLE r0 AS SELECT *, row_number() OVER () - 1 AS k FROM reports;
CREATE TEMP TABLE a0 AS SELECT *, row_number() OVER () - 1 AS k FROM sign_audit;

INSERT INTO manifests (manifest_id, watermark_id, content_hash, fingerprint, generator_name, generator_key_hash, signer_thumbprint,
                       mime_type, manifest_store, manifest_json, created_at_ms, prompt_digest)
SELECT 'urn:c2pa:' || gen_random_uuid(), left(md5(random()::text), 16), md5(random()::text) || md5(random()::text), t.fingerprint,
       t.generator_name, t.generator_key_hash, t.signer_thumbprint, t.mime_type, t.manifest_store, t.manifest_json,
       t.created_at_ms + i * 100, sha256(random()::text::bytea)
FROM generate_series(1, :n - (SELECT count(*) FROM m0)) i JOIN m0 t ON t.k = i % (SELECT count(*) FROM m0);

INSERT INTO reports (report_id, created_at_ms, platform, content_hash, verdict, status_codes, watermark_id, manifest_id, mime_type, aigc_label)
SELECT 'rpt_' || md5(random()::text), t.created_at_ms + i * 100, t.platform, md5(random()::text) || md5(random()::text), t.verdict,
       t.status_codes, left(md5(random()::text), 16), t.manifest_id, t.mime_type, t.aigc_label
FROM generate_series(1, :n - (SELECT count(*) FROM r0)) i JOIN r0 t ON t.k = i % (SELECT count(*) FROM r0);

INSERT INTO sign_audit (at_ms, generator, outcome, manifest_id, watermark_id, content_hash, input_bytes, detail)
SELECT t.at_ms + i * 100, t.generator, t.outcome, 'urn:c2pa:' || gen_random_uuid(), left(md5(random()::text), 16),
       md5(random()::text) || md5(random()::text), t.input_bytes, t.detail
FROM generate_series(1, :n - (SELECT count(*) FROM a0)) i JOIN a0 t ON t.k = i % (SELECT count(*) FROM a0);

VACUUM ANALYZE manifests, reports, sign_audit;

\echo
\echo 'Sizes after growing each table to' :n 'rows (bytes per row = size / rows):'
SELECT c.relname AS table_name,
       c.reltuples::bigint AS rows,
       pg_relation_size(c.oid) / greatest(c.reltuples, 1)::bigint AS heap_per_row,
       coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) / greatest(c.reltuples, 1)::bigint AS toast_per_row,
       pg_indexes_size(c.oid) / greatest(c.reltuples, 1)::bigint AS indexes_per_row,
       pg_total_relation_size(c.oid) / greatest(c.reltuples, 1)::bigint AS total_per_row,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS total
FROM pg_class c WHERE c.relname IN ('manifests', 'reports', 'sign_audit') ORDER BY c.relname;

\echo 'Each index, bytes per row:'
SELECT i.indrelid::regclass AS table_name, i.indexrelid::regclass AS index_name,
       pg_relation_size(i.indexrelid) / greatest(c.reltuples, 1)::bigint AS bytes_per_row,
       pg_size_pretty(pg_relation_size(i.indexrelid)) AS size
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relname IN ('manifests', 'reports', 'sign_audit') ORDER BY 1, 2;

\echo 'Mean stored value sizes (bytes, as stored: compressed when TOAST compressed them):'
SELECT avg(pg_column_size(manifest_store))::int AS manifest_store, avg(pg_column_size(manifest_json))::int AS manifest_json,
       avg(octet_length(manifest_store))::int AS manifest_store_raw, avg(octet_length(manifest_json))::int AS manifest_json_raw,
       avg(pg_column_size(fingerprint))::int AS fingerprint
FROM manifests;
