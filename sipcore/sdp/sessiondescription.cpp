#include "sipcore/sdp/sessiondescription.h"

#include "sipcore/sdp/sdperror.h"

#include <algorithm>
#include <charconv>

namespace sipcore::sdp {

namespace {

constexpr std::size_t MaxSize = 64 * 1024;
constexpr std::size_t MaxLines = 2048;

/// The words of \a value separated by spaces (runs of spaces count as one).
std::vector<std::string_view> words(std::string_view value)
{
    std::vector<std::string_view> result;
    while (!value.empty()) {
        const std::size_t start = value.find_first_not_of(' ');
        if (start == std::string_view::npos)
            break;
        value.remove_prefix(start);
        const std::size_t end = std::min(value.find(' '), value.size());
        result.push_back(value.substr(0, end));
        value.remove_prefix(end);
    }
    return result;
}

template<class T>
bool number(std::string_view text, T &out)
{
    if (text.empty() || text.size() > 20)
        return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || std::string_view("!#$%&'*+-.^_`{|}~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

Result<Connection> parseConnection(std::string_view value)
{
    const auto parts = words(value);
    if (parts.size() != 3 || !isToken(parts[0]) || !isToken(parts[1]))
        return SdpError::BadConnection;
    return Connection{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
}

Result<Bandwidth> parseBandwidth(std::string_view value)
{
    const std::size_t colon = value.find(':');
    Bandwidth bandwidth;
    if (colon == std::string_view::npos || !isToken(value.substr(0, colon))
        || !number(value.substr(colon + 1), bandwidth.value))
        return SdpError::BadBandwidth;
    bandwidth.type = std::string(value.substr(0, colon));
    return bandwidth;
}

Result<Origin> parseOrigin(std::string_view value)
{
    const auto parts = words(value);
    Origin origin;
    if (parts.size() != 6 || !number(parts[2], origin.sessionVersion))
        return SdpError::BadOrigin;
    origin.username = std::string(parts[0]);
    origin.sessionId = std::string(parts[1]);
    origin.netType = std::string(parts[3]);
    origin.addrType = std::string(parts[4]);
    origin.address = std::string(parts[5]);
    return origin;
}

Result<MediaDescription> parseMedia(std::string_view value)
{
    const auto parts = words(value);
    MediaDescription media;
    if (parts.size() < 4 || !isToken(parts[0]))
        return SdpError::BadMedia;
    media.media = std::string(parts[0]);
    std::string_view port = parts[1];
    if (const std::size_t slash = port.find('/'); slash != std::string_view::npos) {
        unsigned count = 0;
        if (!number(port.substr(slash + 1), count) || count == 0)
            return SdpError::BadMedia;
        media.numberOfPorts = count;
        port = port.substr(0, slash);
    }
    if (!number(port, media.port))
        return SdpError::BadMedia;
    media.proto = std::string(parts[2]);
    for (std::size_t i = 3; i < parts.size(); ++i)
        media.formats.emplace_back(parts[i]);
    return media;
}

bool validTiming(std::string_view value, std::size_t minWords)
{
    const auto parts = words(value);
    if (parts.size() < minWords)
        return false;
    for (std::string_view part : parts) {
        // r= and z= may carry d/h/m/s units and z= negative offsets (§5.10, §5.11).
        std::string_view digits = part;
        if (!digits.empty() && digits.front() == '-')
            digits.remove_prefix(1);
        if (!digits.empty()
            && std::string_view("dhms").find(digits.back()) != std::string_view::npos)
            digits.remove_suffix(1);
        std::uint64_t ignored = 0;
        if (!number(digits, ignored))
            return false;
    }
    return true;
}

/// Where each line type may stand at session level (§5), in rising order; 'r' shares 't''s.
int sessionRank(char type)
{
    constexpr std::string_view Order = "vosiuepcbtzkam";
    if (type == 'r')
        return static_cast<int>(Order.find('t'));
    const std::size_t rank = Order.find(type);
    return rank == std::string_view::npos ? -1 : static_cast<int>(rank);
}

int mediaRank(char type)
{
    constexpr std::string_view Order = "icbka";
    const std::size_t rank = Order.find(type);
    return rank == std::string_view::npos ? -1 : static_cast<int>(rank);
}

bool repeatable(char type, bool inMedia)
{
    return std::string_view(inMedia ? "cba" : "epbtra").find(type) != std::string_view::npos;
}

/// Appends "<type>=<each of parts>\r\n". (Built with append: GCC 12 warns falsely about
/// "literal" + std::string at -O3.)
void appendLine(std::string &out, char type, std::initializer_list<std::string_view> parts)
{
    out += type;
    out += '=';
    for (std::string_view part : parts)
        out += part;
    out += "\r\n";
}

void appendBandwidths(std::string &out, const std::vector<Bandwidth> &bandwidths)
{
    for (const Bandwidth &bandwidth : bandwidths)
        appendLine(out, 'b', {bandwidth.type, ":", std::to_string(bandwidth.value)});
}

void appendConnection(std::string &out, const Connection &connection)
{
    appendLine(out, 'c', {connection.netType, " ", connection.addrType, " ", connection.address});
}

void appendAttributes(std::string &out, const std::vector<Attribute> &attributes)
{
    for (const Attribute &attribute : attributes) {
        if (attribute.value)
            appendLine(out, 'a', {attribute.name, ":", *attribute.value});
        else
            appendLine(out, 'a', {attribute.name});
    }
}

void appendOptional(std::string &out, char type, const std::optional<std::string> &value)
{
    if (value)
        appendLine(out, type, {*value});
}

} // namespace

std::optional<std::string_view> AttributeList::attribute(std::string_view name) const
{
    for (const Attribute &attribute : attributeLines) {
        if (attribute.name == name)
            return attribute.value ? std::string_view(*attribute.value) : std::string_view();
    }
    return std::nullopt;
}

std::vector<std::string_view> AttributeList::attributes(std::string_view name) const
{
    std::vector<std::string_view> values;
    for (const Attribute &attribute : attributeLines) {
        if (attribute.name == name)
            values.push_back(attribute.value ? std::string_view(*attribute.value) : "");
    }
    return values;
}

Result<SessionDescription> SessionDescription::parse(std::string_view text)
{
    if (text.size() > MaxSize)
        return SdpError::TooLarge;
    SessionDescription description;
    description.timings.clear();
    std::size_t lineCount = 0;
    int lastRank = -1;
    char lastType = 0;
    bool inMedia = false;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            continue;
        if (++lineCount > MaxLines)
            return SdpError::TooLarge;
        if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
            return SdpError::BadLine;
        const char type = line[0];
        const std::string_view value = line.substr(2);
        if (std::any_of(value.begin(), value.end(), [](char c) { return c == '\0' || c == '\r'; }))
            return SdpError::BadLine;

        // v=, o= and s= open every description, in this order (§5).
        if (lineCount <= 3) {
            if (type != "vos"[lineCount - 1])
                return lineCount == 3 ? SdpError::MissingSessionName : SdpError::OutOfOrder;
            if (type == 'v' && value != "0")
                return SdpError::BadVersion;
            if (type == 'o') {
                auto origin = parseOrigin(value);
                if (!origin)
                    return origin.error();
                description.origin = std::move(*origin);
            }
            if (type == 's')
                description.sessionName = std::string(value); // "s= " is allowed (§5.3)
            lastRank = sessionRank(type);
            lastType = type;
            continue;
        }
        if (type == 'm') {
            if (description.timings.empty())
                return SdpError::MissingTiming;
            auto media = parseMedia(value);
            if (!media)
                return media.error();
            description.media.push_back(std::move(*media));
            inMedia = true;
            lastRank = -1;
            lastType = type;
            continue;
        }
        const int rank = inMedia ? mediaRank(type) : sessionRank(type);
        if (rank < 0) {
            if (sessionRank(type) >= 0 || mediaRank(type) >= 0)
                return SdpError::OutOfOrder;
            return SdpError::UnknownType;
        }
        if (rank < lastRank || (rank == lastRank && !repeatable(type, inMedia))
            || (type == 'r' && lastType != 't' && lastType != 'r'))
            return SdpError::OutOfOrder;
        lastRank = rank;
        lastType = type;

        MediaDescription *media = inMedia ? &description.media.back() : nullptr;
        switch (type) {
        case 'i':
            (media ? media->information : description.information) = std::string(value);
            break;
        case 'u':
            description.uri = std::string(value);
            break;
        case 'e':
            description.emails.emplace_back(value);
            break;
        case 'p':
            description.phones.emplace_back(value);
            break;
        case 'c': {
            auto connection = parseConnection(value);
            if (!connection)
                return connection.error();
            if (media)
                media->connections.push_back(std::move(*connection));
            else
                description.connection = std::move(*connection);
            break;
        }
        case 'b': {
            auto bandwidth = parseBandwidth(value);
            if (!bandwidth)
                return bandwidth.error();
            (media ? media->bandwidths : description.bandwidths).push_back(*bandwidth);
            break;
        }
        case 't':
            if (!validTiming(value, 2) || words(value).size() != 2)
                return SdpError::BadTiming;
            description.timings.push_back(Timing{std::string(value)});
            break;
        case 'r':
            if (!validTiming(value, 3))
                return SdpError::BadTiming;
            description.timings.back().repeats.emplace_back(value);
            break;
        case 'z':
            if (!validTiming(value, 2))
                return SdpError::BadTiming;
            description.timeZones = std::string(value);
            break;
        case 'k':
            (media ? media->key : description.key) = std::string(value);
            break;
        case 'a': {
            const std::size_t colon = value.find(':');
            Attribute attribute{std::string(value.substr(0, colon))};
            if (!isToken(attribute.name))
                return SdpError::BadAttribute;
            if (colon != std::string_view::npos)
                attribute.value = std::string(value.substr(colon + 1));
            (media ? media->attributeLines : description.attributeLines)
                    .push_back(std::move(attribute));
            break;
        }
        default:
            return SdpError::OutOfOrder; // v=, o= or s= again
        }
    }
    if (lineCount == 0)
        return SdpError::Empty;
    if (lineCount < 3)
        return lineCount == 1 ? SdpError::BadOrigin : SdpError::MissingSessionName;
    if (description.timings.empty())
        return SdpError::MissingTiming;
    for (const MediaDescription &media : description.media) {
        if (!description.connection && media.connections.empty() && media.port != 0)
            return SdpError::MissingConnection;
    }
    return description;
}

std::string SessionDescription::toString() const
{
    std::string out = "v=0\r\n";
    appendLine(out, 'o',
               {origin.username, " ", origin.sessionId, " ", std::to_string(origin.sessionVersion),
                " ", origin.netType, " ", origin.addrType, " ", origin.address});
    appendLine(out, 's', {sessionName.empty() ? std::string_view(" ") : sessionName});
    appendOptional(out, 'i', information);
    appendOptional(out, 'u', uri);
    for (const std::string &email : emails)
        appendLine(out, 'e', {email});
    for (const std::string &phone : phones)
        appendLine(out, 'p', {phone});
    if (connection)
        appendConnection(out, *connection);
    appendBandwidths(out, bandwidths);
    for (const Timing &timing : timings) {
        appendLine(out, 't', {timing.time});
        for (const std::string &repeat : timing.repeats)
            appendLine(out, 'r', {repeat});
    }
    appendOptional(out, 'z', timeZones);
    appendOptional(out, 'k', key);
    appendAttributes(out, attributeLines);
    for (const MediaDescription &stream : media) {
        std::string port = std::to_string(stream.port);
        if (stream.numberOfPorts)
            port.append("/").append(std::to_string(*stream.numberOfPorts));
        std::string formats;
        for (const std::string &format : stream.formats)
            formats.append(" ").append(format);
        appendLine(out, 'm', {stream.media, " ", port, " ", stream.proto, formats});
        appendOptional(out, 'i', stream.information);
        for (const Connection &c : stream.connections)
            appendConnection(out, c);
        appendBandwidths(out, stream.bandwidths);
        appendOptional(out, 'k', stream.key);
        appendAttributes(out, stream.attributeLines);
    }
    return out;
}

const Connection *SessionDescription::connectionFor(const MediaDescription &stream) const
{
    if (!stream.connections.empty())
        return &stream.connections.front();
    return connection ? &*connection : nullptr;
}

} // namespace sipcore::sdp
