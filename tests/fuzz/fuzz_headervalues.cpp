// libFuzzer target: the header value parsers on arbitrary bytes.
// - name-addr, Via and CSeq: each value that parses must round-trip through toString();
// - HeaderValueParser, for every header the stack knows: every value's text and every view in
//   its typed form lies inside the input, and a value has a typed form or an error, never both.
#include "sipcore/syntax/cseq.h"
#include "sipcore/syntax/headervalueparser.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/syntax/via.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

using namespace sipcore;

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

struct Inside
{
    std::string_view input;

    void operator()(std::string_view view) const
    {
        if (!view.empty()
            && (view.data() < input.data()
                || view.data() + view.size() > input.data() + input.size()))
            std::abort();
    }
    void operator()(const ParametersView &parameters) const
    {
        (*this)(parameters.text());
        for (const auto parameter : parameters) {
            (*this)(parameter.name);
            if (parameter.value)
                (*this)(*parameter.value);
        }
    }
    void operator()(const UriView &uri) const
    {
        for (const std::string_view view :
             {uri.text, uri.scheme, uri.user, uri.password.value_or(std::string_view()),
              uri.hostPort.host, uri.headers, uri.number, uri.opaque})
            (*this)(view);
        (*this)(uri.parameters);
    }
};

void checkTyped(const HeaderValue &value, const Inside &inside)
{
    inside(value.text);
    if (value.error.operator bool() != std::holds_alternative<std::monostate>(value.typed))
        std::abort();
    if (const auto *text = value.as<std::string_view>())
        inside(*text);
    if (const auto *via = value.as<ViaView>()) {
        inside(via->transport);
        inside(via->sentBy.host);
        inside(via->parameters);
    }
    if (const auto *nameAddr = value.as<NameAddrView>()) {
        inside(nameAddr->displayName);
        inside(nameAddr->uri);
        inside(nameAddr->parameters);
    }
    if (const auto *parameterized = value.as<ParameterizedValueView>()) {
        inside(parameterized->value);
        inside(parameterized->comment);
        inside(parameterized->parameters);
    }
    if (const auto *challenge = value.as<ChallengeView>()) {
        inside(challenge->scheme);
        inside(challenge->parameters);
    }
    if (const auto *warning = value.as<WarningView>()) {
        inside(warning->agent);
        inside(warning->text);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    roundTrip<NameAddr>(input);
    roundTrip<Via>(input);
    roundTrip<CSeq>(input);
    const Inside inside{input};
    std::vector<HeaderValue> values;
    for (int id = 1; id < static_cast<int>(HeaderId::Count); ++id) {
        values.clear();
        HeaderValueParser::parse(static_cast<HeaderId>(id), input, values);
        for (const HeaderValue &value : values)
            checkTyped(value, inside);
    }
    return 0;
}
