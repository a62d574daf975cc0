# Print and plot snapshots are in English whatever the machine's locale;
# tests of German output ask for it with `lang = "de"`.
withr::local_options(typfrage.lang = "en", .local_envir = testthat::teardown_env())
