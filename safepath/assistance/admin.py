# Support plans, services and tasks are parts of a case: like cases and
# people, they are kept out of the admin site, so that platform admins never
# read a person's file (tests/test_access_matrix.py checks the case apps).
