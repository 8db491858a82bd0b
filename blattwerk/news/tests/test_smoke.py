import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/", "/politik/", "/sport/", "/themen/", "/autoren/", "/impressum/", "/suche/?q=Haushalt"],
)
def test_reader_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'lang="de"' in response.content.decode()
