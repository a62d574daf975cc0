library(testthat)
library(typfrage)

test_check("typfrage")
