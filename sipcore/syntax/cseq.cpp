#include "sipcore/syntax/cseq.h"

namespace sipcore {

Result<CSeq> CSeq::parse(std::string_view text)
{
    const auto view = CSeqView::parse(text);
    if (!view)
        return view.error();
    return from(*view);
}

std::string CSeq::toString() const
{
    return std::to_string(sequence) + ' ' + method;
}

} // namespace sipcore
