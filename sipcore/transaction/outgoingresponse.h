#pragma once

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/sipmessage.h"

namespace sipcore {

/// A response to \a request (RFC 3261 §8.2.6.2): every Via, From, Call-ID and CSeq copied, To
/// copied with \a toTag added when the request's To has none and a tag is given, and for a
/// 100 the Timestamp (§8.2.6.1). The reason phrase defaults to the RFC's.
Response makeResponse(const Request &request,
                      int statusCode,
                      std::string_view toTag = {},
                      std::string_view reasonPhrase = {});

} // namespace sipcore
