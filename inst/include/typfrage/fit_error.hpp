// The exception of a fit that cannot proceed on the data it was given, for
// every method (k-means, PAM, LCA, Ward, the dispatcher).
#ifndef TYPFRAGE_FIT_ERROR_HPP
#define TYPFRAGE_FIT_ERROR_HPP

#include <stdexcept>

namespace typfrage {

// Thrown when a fit cannot proceed on the data it was given (e.g. fewer
// distinct rows than clusters in a resampled data set).
struct fit_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace typfrage

#endif  // TYPFRAGE_FIT_ERROR_HPP
