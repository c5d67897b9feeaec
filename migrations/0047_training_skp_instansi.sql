-- Read model "training" (projections/training): training needs of an
-- instansi are read by the keys of its employees (every table of the model
-- leads its key with nip), found through training_employees_instansi_unit
-- and, for an SKP whose employee the model does not know, this index.
-- Before, each of the four queries of GET /v1/training-needs scanned the
-- rows of every instansi (about 630 ms for an instansi of 600 employees in a
-- log of 30,000). The instansi of an SKP never changes, so updates of the
-- table stay HOT. Needs no rebuild.
CREATE INDEX training_skp_instansi ON training_skp (instansi);
