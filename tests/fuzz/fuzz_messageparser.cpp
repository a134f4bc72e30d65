// libFuzzer target: MessageParser::parseDatagram on arbitrary bytes. Beyond "no crash, no
// leak, no UB", it checks the serializer as an oracle: whatever parses must serialize to text
// that parses again and serializes to the very same text.
#include "sipcore/syntax/messageparser.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

std::string serialize(const sipcore::SipMessageVariant &message)
{
    return std::visit([](const auto &m) { return m.serialize(); }, message);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    auto parsed = sipcore::MessageParser::parseDatagram(input);
    if (!parsed)
        return 0;
    const std::string once = serialize(*parsed);
    auto again = sipcore::MessageParser::parseDatagram(once);
    if (!again || serialize(*again) != once)
        std::abort(); // the serializer wrote something the parser reads differently
    return 0;
}
