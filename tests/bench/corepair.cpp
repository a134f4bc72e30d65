#include "corepair.h"

using namespace sipcore;

namespace {

constexpr std::string_view Address = "127.0.0.1";

} // namespace

CorePair::CorePair(bool reliable)
    : m_callerTransport(m_io.get_executor(), Endpoint{std::string(Address), 5061}, reliable)
    , m_calleeTransport(m_io.get_executor(), Endpoint{std::string(Address), 5062}, reliable)
    , m_caller(UserAgentCoreConfiguration{}, m_callerTransport, m_timers)
    , m_callee(UserAgentCoreConfiguration{}, m_calleeTransport, m_timers)
    , m_answerer(std::string(Address))
    , m_calleeUri(*Uri::parse(reliable ? "sip:callee@127.0.0.1:5062;transport=tcp"
                                       : "sip:callee@127.0.0.1:5062"))
    , m_offer("v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              "m=audio 6002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
{
    m_callee.setDelegate(&m_answerer);
}

Request CorePair::makeRequest(std::string_view method) const
{
    OutgoingRequestMessageOptions options;
    if (method == "INVITE") {
        options.body = m_offer;
        options.contentType = "application/sdp";
    }
    return m_caller.makeOutgoingRequestMessage(method, m_calleeUri, NameAddr{{}, m_calleeUri, {}},
                                               std::move(options));
}

void CorePair::pump()
{
    for (;;) {
        m_io.restart();
        m_io.poll();
        bool moved = false;
        while (auto sent = m_callerTransport.takeSent()) {
            m_calleeTransport.inject(sent->bytes, m_callerTransport.localEndpoint());
            moved = true;
        }
        while (auto sent = m_calleeTransport.takeSent()) {
            m_callerTransport.inject(sent->bytes, m_calleeTransport.localEndpoint());
            moved = true;
        }
        if (!moved)
            return;
    }
}

void CorePair::settle()
{
    m_timers.advance(m_caller.configuration().timers.timerL());
    pump();
}

bool CorePair::isIdle() const
{
    for (const UserAgentCore *core : {&m_caller, &m_callee}) {
        if (core->userAgentClientCount() != 0 || core->userAgentServerCount() != 0
            || core->dialogCount() != 0)
            return false;
    }
    return true;
}
