-- Run once by the postgres image when docker compose first creates its volume: one database per
-- service, named as docker-compose.yml's *_DATABASE_URL name them (test/repo/docker-compose.spec.ts
-- checks that the two agree). The services' tables come from their migrations (MIGRATIONS=auto).
CREATE DATABASE orders;
CREATE DATABASE inventory;
CREATE DATABASE payments;
