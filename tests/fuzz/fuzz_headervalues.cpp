// libFuzzer target: the header value parsers (name-addr, Via, CSeq) on arbitrary bytes; each
// value that parses must round-trip through toString().
#include "sipcore/syntax/cseq.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/syntax/via.h"

#include <cstdint>
#include <cstdlib>

namespace {

template<class T>
void roundTrip(std::string_view input)
{
    auto value = T::parse(input);
    if (!value)
        return;
    const std::string once = value->toString();
    auto again = T::parse(once);
    if (!again || again->toString() != once)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    roundTrip<sipcore::NameAddr>(input);
    roundTrip<sipcore::Via>(input);
    roundTrip<sipcore::CSeq>(input);
    return 0;
}
