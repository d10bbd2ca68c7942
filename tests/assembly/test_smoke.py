def test_home_page_serves_the_current_session(client, session91):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "91st General Assembly" in response.content.decode()
