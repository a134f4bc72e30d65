#include "sipcore/sdp/mediaformat.h"

#include <algorithm>
#include <charconv>

namespace sipcore::sdp {

namespace {

struct StaticType
{
    int payloadType;
    std::string_view name;
    unsigned clockRate;
    unsigned channels;
};

// RFC 3551 §6, the audio types.
constexpr StaticType StaticTypes[] = {
        {0, "PCMU", 8000, 1},   {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},
        {5, "DVI4", 8000, 1},   {6, "DVI4", 16000, 1},  {7, "LPC", 8000, 1},
        {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},   {10, "L16", 44100, 2},
        {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
        {14, "MPA", 90000, 1},  {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1},
        {17, "DVI4", 22050, 1}, {18, "G729", 8000, 1},
};

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

std::optional<unsigned> parseNumber(std::string_view text)
{
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// "<pt> <rest>" of an rtpmap or fmtp value for \a payloadType; nullopt when another's.
std::optional<std::string_view> valueFor(std::string_view value, int payloadType)
{
    const std::size_t space = value.find(' ');
    if (space == std::string_view::npos)
        return std::nullopt;
    const auto number = parseNumber(value.substr(0, space));
    if (!number || static_cast<int>(*number) != payloadType)
        return std::nullopt;
    std::string_view rest = value.substr(space + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    return rest;
}

/// "<encoding name>/<clock rate>[/<channels>]" (§6.6).
bool parseRtpMap(std::string_view text, MediaFormat &format)
{
    const std::size_t slash = text.find('/');
    if (slash == 0 || slash == std::string_view::npos)
        return false;
    format.encodingName = std::string(text.substr(0, slash));
    std::string_view rest = text.substr(slash + 1);
    const std::size_t second = rest.find('/');
    const auto rate = parseNumber(rest.substr(0, second));
    if (!rate || *rate == 0)
        return false;
    format.clockRate = *rate;
    format.channels = 1;
    if (second != std::string_view::npos) {
        const auto channels = parseNumber(rest.substr(second + 1));
        if (!channels || *channels == 0)
            return false;
        format.channels = *channels;
    }
    return true;
}

} // namespace

bool MediaFormat::sameCodec(const MediaFormat &other) const
{
    return equalsIgnoringCase(encodingName, other.encodingName) && clockRate == other.clockRate
           && channels == other.channels;
}

bool MediaFormat::isTelephoneEvent() const
{
    return equalsIgnoringCase(encodingName, "telephone-event");
}

std::vector<MediaFormat> formatsOf(const MediaDescription &stream)
{
    std::vector<MediaFormat> formats;
    const auto rtpmaps = stream.attributes("rtpmap");
    const auto fmtps = stream.attributes("fmtp");
    for (const std::string &text : stream.formats) {
        const auto number = parseNumber(text);
        if (!number || *number > 127)
            continue;
        MediaFormat format;
        format.payloadType = static_cast<int>(*number);
        bool known = false;
        for (std::string_view rtpmap : rtpmaps) {
            if (const auto value = valueFor(rtpmap, format.payloadType)) {
                known = parseRtpMap(*value, format);
                break;
            }
        }
        if (!known) {
            const auto it = std::find_if(
                    std::begin(StaticTypes), std::end(StaticTypes),
                    [&](const StaticType &type) { return type.payloadType == format.payloadType; });
            if (it == std::end(StaticTypes))
                continue;
            format.encodingName = std::string(it->name);
            format.clockRate = it->clockRate;
            format.channels = it->channels;
        }
        for (std::string_view fmtp : fmtps) {
            if (const auto value = valueFor(fmtp, format.payloadType)) {
                format.parameters = std::string(*value);
                break;
            }
        }
        formats.push_back(std::move(format));
    }
    return formats;
}

void addFormats(MediaDescription &stream, const std::vector<MediaFormat> &formats)
{
    for (const MediaFormat &format : formats) {
        const std::string number = std::to_string(format.payloadType);
        stream.formats.push_back(number);
        std::string rtpmap = number;
        rtpmap.append(" ").append(format.encodingName).append("/");
        rtpmap.append(std::to_string(format.clockRate));
        if (format.channels != 1)
            rtpmap.append("/").append(std::to_string(format.channels));
        stream.attributeLines.push_back(Attribute{"rtpmap", rtpmap});
        if (!format.parameters.empty())
            stream.attributeLines.push_back(Attribute{"fmtp", number + " " + format.parameters});
    }
}

} // namespace sipcore::sdp
