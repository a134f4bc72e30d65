#include "sipcore/syntax/via.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/uri.h"

namespace sipcore {

Result<Via> Via::parse(std::string_view text)
{
    const auto view = ViaView::parse(text);
    if (!view)
        return view.error();
    return from(*view);
}

Via Via::from(const ViaView &view)
{
    Via via;
    via.transport = lexical::raised(view.transport);
    HostPort sentBy = HostPort::from(view.sentBy);
    via.host = std::move(sentBy.host);
    via.port = sentBy.port;
    via.parameters = Parameters::from(view.parameters);
    return via;
}

std::string Via::toString() const
{
    std::string out = "SIP/2.0/";
    out += transport;
    out += ' ';
    if (host.find(':') != std::string::npos) {
        out += '[';
        out += host;
        out += ']';
    } else {
        out += host;
    }
    if (port) {
        out += ':';
        out += std::to_string(*port);
    }
    parameters.appendTo(out);
    return out;
}

bool Via::hasMagicCookie() const
{
    const auto value = branch();
    return value && value->starts_with("z9hG4bK");
}

} // namespace sipcore
