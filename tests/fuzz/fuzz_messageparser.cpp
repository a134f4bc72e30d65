// libFuzzer target: MessageParser::parseDatagram on arbitrary bytes. Beyond "no crash, no
// leak, no UB", two oracles:
// - the serializer: whatever parses must serialize to text that parses again and serializes
//   to the very same text;
// - reuse: parsing into a message object that held another message (the previous input) gives
//   the same verdict and the same text as parsing into a new one, and a copy of the message
//   serializes the same.
#include "sipcore/syntax/messageparser.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

std::string serialize(const sipcore::SipMessageVariant &message)
{
    return std::visit([](const auto &m) { return m.serialize(); }, message);
}

sipcore::SipMessageVariant reused; // holds the previous input's message

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    auto parsed = sipcore::MessageParser::parseDatagram(input);
    const std::error_code reusedError = sipcore::MessageParser::parseDatagram(input, reused);
    if (reusedError != parsed.error())
        std::abort(); // a reused message changed the verdict
    if (!parsed)
        return 0;
    const std::string once = serialize(*parsed);
    if (serialize(reused) != once)
        std::abort(); // a reused message kept something of the previous one
    const sipcore::SipMessageVariant copy = *parsed;
    parsed = sipcore::MessageParser::parseDatagram("x"); // drop the original
    if (serialize(copy) != once)
        std::abort();
    auto again = sipcore::MessageParser::parseDatagram(once);
    if (!again || serialize(*again) != once)
        std::abort(); // the serializer wrote something the parser reads differently
    return 0;
}
