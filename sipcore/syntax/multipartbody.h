#pragma once

#include "sipcore/util/result.h"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace sipcore {

/// Splits a multipart body into its body parts (RFC 2046 §5.1.1) as SIP carries them (RFC 5621),
/// e.g. a multipart/mixed INVITE with SDP beside a recipient list (RFC 5366):
///
///     [preamble CRLF] "--" boundary padding CRLF  part  { CRLF "--" boundary padding CRLF  part }
///     CRLF "--" boundary "--" padding [CRLF epilogue]
///
/// - A boundary line is a line consisting entirely of "--", the boundary, optional transport
///   padding (SP / HTAB) and CRLF; the close line has "--" after the boundary and may end the
///   body without a CRLF. A line that merely starts with "--boundary" and goes on with other
///   text is not a boundary line: it stays part content (senders must not write one).
/// - The CRLF before a boundary line belongs to the delimiter, not to the part before it: an
///   SDP part whose last line ends in CRLF is followed by an empty line before the delimiter.
/// - The first boundary line may open the body (no CRLF before it); the preamble before it and
///   the epilogue after the close line are ignored. There must be at least one part.
/// - A part is its header block, then an empty line, then its body; without the empty line the
///   whole part is headers and the body is empty; a part starting with the empty line has no
///   headers. Each header line is `name ":" value` (name of printable ASCII, WSP allowed before
///   the colon), or a folded continuation starting with SP / HTAB; no control octets but HTAB.
/// - Line ends are CRLF only, by choice: SIP requires CRLF and part bodies are binary-safe, so
///   a bare LF is an ordinary octet. A body written with bare LFs has no boundary line and is
///   rejected (MissingDelimiter); a bare LF in a header block is a BadPartHeader.
///
/// Allocates nothing but the returned vector: every view points into the body passed in, which
/// must outlive the parts. Stateless and thread-safe.
class MultipartBody
{
public:
    struct Part
    {
        /// The raw header block, folded lines included, without the CRLF that ends its last
        /// line; empty when the part has no headers.
        std::string_view headers;
        /// The octets after the empty line up to the CRLF of the next delimiter.
        std::string_view body;
    };

    /// The parts of \a body, whose Content-Type carries \a boundary (see boundaryOf()). Errors:
    /// BadBoundary (empty, over 70 characters, outside RFC 2046 bchars, or ending in a space),
    /// MissingDelimiter (no opening boundary line, or no close line), TooManyParts (more than
    /// \a maxParts), BadPartHeader (a line in a header block that is not a header).
    static Result<std::vector<Part>>
    split(std::string_view body, std::string_view boundary, std::size_t maxParts = 64);

    /// The value of the first header called \a name (case-insensitive, e.g. "Content-Type",
    /// "Content-ID", "Content-Disposition") in \a part, without the WSP around it; nullopt when
    /// absent. A folded value keeps its CRLF and the WSP after it, since unfolding would copy;
    /// parsers of the value must treat them as whitespace (boundaryOf() does).
    static std::optional<std::string_view> partHeader(const Part &part, std::string_view name);

    /// The boundary parameter (a token or the inside of a quoted string, escapes left as they
    /// are) of a Content-Type value such as `multipart/mixed;boundary="unique-boundary-1"`.
    /// nullopt when the type is not multipart/* (case-insensitive), the value is malformed, or
    /// there is no boundary parameter or more than one. The boundary is not checked here; split()
    /// rejects a bad one.
    static std::optional<std::string_view> boundaryOf(std::string_view contentTypeValue);
};

} // namespace sipcore
