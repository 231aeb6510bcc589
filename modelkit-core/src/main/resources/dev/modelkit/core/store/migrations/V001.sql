-- Entities and the hash-chained audit trail
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Column names avoid reserved words
-- (sequence, time, before, after, json) of either database.

CREATE TABLE entity (
  kind            VARCHAR(64)  NOT NULL,
  organization_id VARCHAR(128) NOT NULL,
  id              VARCHAR(256) NOT NULL,
  status          VARCHAR(64)  NOT NULL,
  body            TEXT         NOT NULL,
  version         BIGINT       NOT NULL,
  created_at      VARCHAR(40)  NOT NULL,
  updated_at      VARCHAR(40)  NOT NULL,
  PRIMARY KEY (kind, organization_id, id)
);

CREATE INDEX entity_by_org ON entity (kind, organization_id, created_at, id);
CREATE INDEX entity_by_status ON entity (kind, organization_id, status, created_at, id);
CREATE INDEX entity_by_status_all_orgs ON entity (kind, status, created_at);

CREATE TABLE audit_record (
  organization_id VARCHAR(128) NOT NULL,
  seq_no          BIGINT       NOT NULL,
  principal       VARCHAR(256) NOT NULL,
  action          VARCHAR(128) NOT NULL,
  entity_kind     VARCHAR(64)  NOT NULL,
  entity_id       VARCHAR(256) NOT NULL,
  before_json     TEXT,
  after_json      TEXT,
  reason          TEXT,
  event_time      VARCHAR(40)  NOT NULL,
  previous_hash   CHAR(64)     NOT NULL,
  hash            CHAR(64)     NOT NULL,
  PRIMARY KEY (organization_id, seq_no)
);

CREATE INDEX audit_by_entity ON audit_record (organization_id, entity_kind, entity_id, seq_no);
CREATE INDEX audit_by_principal ON audit_record (organization_id, principal, seq_no);
CREATE INDEX audit_by_time ON audit_record (organization_id, event_time);

CREATE TABLE audit_head (
  organization_id VARCHAR(128) NOT NULL PRIMARY KEY,
  last_seq_no     BIGINT       NOT NULL,
  last_hash       CHAR(64)     NOT NULL
);
