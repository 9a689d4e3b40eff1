import pytest

from catalog.domain import InvalidProduct, Product


def test_a_product_keeps_its_name_and_price():
    product = Product.create("p-1", "Kettle", 2500)
    assert product.as_dict() == {"product_id": "p-1", "name": "Kettle", "price_cents": 2500}


@pytest.mark.parametrize("name", ["", " ", "x" * 201, None])
def test_a_product_needs_a_readable_name(name):
    with pytest.raises(InvalidProduct) as error:
        Product.create("p-1", name, 100)
    assert error.value.field == "name"


@pytest.mark.parametrize("price", [-1, 1.0, "10", True, 1_000_000_001])
def test_a_price_is_a_whole_number_of_cents_in_range(price):
    with pytest.raises(InvalidProduct) as error:
        Product.create("p-1", "Kettle", price)
    assert error.value.field == "price_cents"
