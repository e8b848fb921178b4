-- users.role: "user" or "admin"; every existing user becomes a "user". The first admin
-- comes from `python -m app.cli create-admin` (see README), never from the API.
ALTER TABLE users
    ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'user'
    CONSTRAINT ck_users_role CHECK (role IN ('user', 'admin'));
