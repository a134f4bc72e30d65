#pragma once

#include "sipcore/syntax/uri.h"

namespace sipcore {

/// True when \a a and \a b identify the same resource under the comparison rules of their
/// scheme. The relation is symmetric but, as RFC 3261 §19.1.4 warns, not transitive
/// (";security=on" and ";security=off" each equal a URI without the parameter, not each other).
/// Different schemes never match: in particular a sip and a sips URI are never equivalent.
///
/// sip/sips (RFC 3261 §19.1.4, with RFC 5954 §4 for IP literals):
/// - user and password compare case-sensitively; a URI without one does not match a URI with
///   one (an empty password, "alice:@", counts as present).
/// - host compares case-insensitively; IPv4 and IPv6 literals match when they denote the same
///   address ("[2001:db8::1]" equals "[2001:DB8:0:0:0:0:0:1]"); a hostname never matches an
///   address, even the one it resolves to.
/// - port must match, and an omitted port does not match an explicit 5060.
/// - an escape "%XX" equals the character it encodes unless that character is reserved
///   (";/?:@&=+$,", RFC 2396 §2.2) or '%', in every component; hex digits compare
///   case-insensitively. So "%61lice" equals "alice", "a%3Bb" equals "a%3bb", and "a%3Bb"
///   does not equal "a;b".
/// - uri-parameters are matched by name (case-insensitive, order irrelevant). Present in both:
///   values must match case-insensitively (maddr as a host, as above), and a flag (";lr") only
///   matches a flag. Present in one only: transport, user, ttl, method and maddr make the URIs
///   differ; any other parameter is ignored. A name written twice counts by its first value.
/// - URI headers ("?subject=x&priority=urgent") must be the same set in both: names compare
///   as header names (case-insensitive, compact form equals long form), values compare exactly
///   after escape normalisation, the order of different names is irrelevant and the order of
///   repeated names is kept (RFC 3261 §7.3.1).
/// tel (RFC 3966 §4): both global ("+…") or both local; the numbers equal once the visual
/// separators "-.()" are removed, compared case-insensitively; the same parameter names in
/// both, with values compared case-insensitively after escape normalisation. A phone-context
/// of the "+…" form and ext compare digit by digit without visual separators.
/// Any other scheme: the opaque text must be identical (RFC 3986 §6.2.1 simple comparison).
bool equivalent(const Uri &a, const Uri &b);

} // namespace sipcore
