#pragma once

#include <string>

namespace sipcore {

/// The first non-loopback address of the family (IPv6 when \a v6) that is up, else the
/// loopback address: what a transport bound to the unspecified address advertises in Via and
/// Contact.
std::string primaryAddress(bool v6);

} // namespace sipcore
