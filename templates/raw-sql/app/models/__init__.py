"""Plain dataclasses, one per table. The repositories build them from rows and write
them back; the tables themselves are defined by the SQL files in migrations/."""
