# Messages of grade, in English: the terminal report, the command line, its errors and `grade doctor`.
# Each id has its twin in ../fr/cli.ftl (a test checks it); arguments are written { $name }.
