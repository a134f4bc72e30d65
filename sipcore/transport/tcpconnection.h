#pragma once

#include "sipcore/transport/streamconnection.h"

namespace sipcore {

/// A StreamConnection with nothing between the TCP socket and SIP (RFC 3261 §18).
class TcpConnection final : public StreamConnection
{
public:
    TcpConnection(boost::asio::ip::tcp::socket socket,
                  Endpoint remote,
                  TimerFactory &timers,
                  StreamTiming timing,
                  Callbacks callbacks,
                  Logger logger);
    ~TcpConnection() override;

protected:
    boost::asio::ip::tcp::socket &socket() override { return m_socket; }
    void open(bool client, OpenHandler done) override;
    void readSome(boost::asio::mutable_buffer buffer, IoHandler handler) override;
    void write(boost::asio::const_buffer buffer, IoHandler handler) override;

private:
    boost::asio::ip::tcp::socket m_socket;
};

} // namespace sipcore
