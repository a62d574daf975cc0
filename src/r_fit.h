// The core's fit dispatcher for the R glue. fit() is a template on the
// progress policy; the glue always calls it with the type-erased AnyProgress,
// and it is instantiated once, at the end of typology.cpp, so the other glue
// files that call it (lca.cpp) do not each compile (and ship debugging
// information for) every method.
#ifndef TYPFRAGE_R_FIT_H
#define TYPFRAGE_R_FIT_H

#include <typfrage/fit.hpp>

#include "r_policies.h"

extern template typfrage::Partition typfrage::fit<typfrage::AnyProgress>(
    const typfrage::FitSettings&, const typfrage::FitData&, typfrage::SeedMaterial, int,
    typfrage::AnyProgress&);

#endif  // TYPFRAGE_R_FIT_H
