CREATE {{ kind }} TABLESPACE {{ name }} DATAFILE {% for f in files %}{{ f }}{% if not loop.last %}, {% endif %}{% endfor %}{% if block_size %} BLOCKSIZE {{ block_size }}{% endif %}
