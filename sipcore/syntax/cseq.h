#pragma once

#include "sipcore/syntax/cseqview.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <string>

namespace sipcore {

/// A CSeq value (RFC 3261 §20.16): a 32-bit sequence number and the method.
struct CSeq
{
    std::uint32_t sequence = 0;
    std::string method;

    static Result<CSeq> parse(std::string_view text);
    static CSeq from(const CSeqView &view) { return {view.sequence, std::string(view.method)}; }
    std::string toString() const;
    bool operator==(const CSeq &) const = default;
};

} // namespace sipcore
