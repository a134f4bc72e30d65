#include "sipcore/sdp/direction.h"

#include <algorithm>
#include <array>

namespace sipcore::sdp {

namespace {

constexpr std::array<std::string_view, 4> Names = {"sendrecv", "sendonly", "recvonly", "inactive"};

std::optional<Direction> declared(const AttributeList &attributes)
{
    // The last direction attribute wins when a peer repeats one; there should be one.
    std::optional<Direction> found;
    for (const Attribute &attribute : attributes.attributeLines) {
        const auto it = std::find(Names.begin(), Names.end(), attribute.name);
        if (it != Names.end() && !attribute.value)
            found = static_cast<Direction>(it - Names.begin());
    }
    return found;
}

} // namespace

std::string_view name(Direction direction)
{
    return Names[static_cast<std::size_t>(direction)];
}

bool sends(Direction direction)
{
    return direction == Direction::SendRecv || direction == Direction::SendOnly;
}

bool receives(Direction direction)
{
    return direction == Direction::SendRecv || direction == Direction::RecvOnly;
}

Direction makeDirection(bool sending, bool receiving)
{
    if (sending)
        return receiving ? Direction::SendRecv : Direction::SendOnly;
    return receiving ? Direction::RecvOnly : Direction::Inactive;
}

Direction reversed(Direction direction)
{
    return makeDirection(receives(direction), sends(direction));
}

Direction streamDirection(const SessionDescription &session, const MediaDescription &stream)
{
    if (const auto own = declared(stream))
        return *own;
    return declared(session).value_or(Direction::SendRecv);
}

void setDirection(MediaDescription &stream, Direction direction)
{
    std::erase_if(stream.attributeLines, [](const Attribute &attribute) {
        return !attribute.value
               && std::find(Names.begin(), Names.end(), attribute.name) != Names.end();
    });
    stream.attributeLines.push_back(Attribute{std::string(name(direction))});
}

} // namespace sipcore::sdp
