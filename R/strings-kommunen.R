# Strings of the shipped study data: the names and categories of the
# covariates of `kommunen` (kommunen_covariates()). `kind` and `state` are
# German names in both languages (the study's and the Länder's own names).
strings_kommunen <- function(s) {
  list(
    kom_kind = s("Kind", "Art"),
    kom_state = s("State", "Land"),
    kom_size_class = s("Size class", "Gr\u00f6\u00dfenklasse"),
    kom_strategy = s("Strategy", "Strategie"),
    kom_fim_known = s("Knows FIM", "Kennt FIM"),
    kom_fim_helpful = s("FIM helpful", "FIM hilfreich"),
    kom_fibre = s("Fibre", "Glasfaser"),
    kom_egov_components = s("E-government components", "E-Government-Komponenten"),
    kom_responsibility = s("Responsibility", "Zust\u00e4ndigkeit"),
    kom_participation = s("Participation", "Beteiligung"),
    kom_yes = s("yes", "ja"),
    kom_no = s("no", "nein"),
    kom_size_1 = s("under 10,000", "unter 10.000"),
    kom_size_2 = s("10,000 to 19,999", "10.000 bis 19.999"),
    kom_size_3 = s("20,000 to 49,999", "20.000 bis 49.999"),
    kom_size_4 = s("50,000 to 99,999", "50.000 bis 99.999"),
    kom_size_5 = s("100,000 to 499,999", "100.000 bis 499.999"),
    kom_size_6 = s("500,000 and more", "500.000 und mehr"),
    kom_strategy_1 = s("in place", "vorhanden"),
    kom_strategy_2 = s("in development", "in Entwicklung"),
    kom_strategy_3 = s("none", "keine"),
    kom_responsibility_1 = s("IT department", "IT-Abteilung"),
    kom_responsibility_2 = s("CDO", "CDO"),
    kom_responsibility_3 = s("other", "andere")
  )
}
