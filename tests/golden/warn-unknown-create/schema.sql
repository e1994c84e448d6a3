CREATE TABEL users (id int PRIMARY KEY);
CREATE TABLE t (id int);
